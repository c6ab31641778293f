/**
 * What the multi-node tests share: a fresh database per test file on the PostgreSQL that
 * ALCOVE_TEST_DATABASE_URL names, two nodes on it, reading the outbox, and load loops.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateUserPoolClientCommand, CreateUserPoolCommand, type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import pg from 'pg';
import { KeyVault, parseKeyring } from '../../src/crypto/key-vault.ts';
import { startNode, testCluster, type NodeProcess } from '../helpers/node-process.ts';

export const adminUrl = process.env.ALCOVE_TEST_DATABASE_URL || undefined;
export const SKIP = adminUrl ? false : 'multi-node tests need PostgreSQL: set ALCOVE_TEST_DATABASE_URL (bash scripts/start-test-postgres.sh prints one)';

export const PASSWORD = 'Passw0rd!long';

export interface TestDatabase {
  url: string;
  sql: pg.Pool;
  drop(): Promise<void>;
}

/** A database of its own on the same server, so that counts and deliveries are this file's only. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `alcove_mn_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(serverUrl);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = new pg.Pool({ connectionString: url.toString(), max: 2 });
  sql.on('error', () => {});
  return {
    url: url.toString(),
    sql,
    async drop() {
      await sql.end();
      const c = new pg.Client(serverUrl);
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startNodes(db: TestDatabase, count: number, env: Record<string, string> = {}): Promise<NodeProcess[]> {
  const cluster = testCluster(db.url);
  // All at once on a fresh database, as a deployment starts: the migrations serialize themselves.
  return Promise.all(Array.from({ length: count }, (_, i) => startNode(String.fromCharCode(97 + i), cluster, env)));
}

/** A pool that confirms by email, and a public client allowed every flow the tests use. */
export async function createPool(client: CognitoIdentityProviderClient, settings: Record<string, unknown> = {}): Promise<{ poolId: string; clientId: string }> {
  const pool = await client.send(new CreateUserPoolCommand({
    PoolName: `mn-${randomBytes(3).toString('hex')}`,
    AutoVerifiedAttributes: ['email'],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: false, RequireUppercase: false, RequireNumbers: false, RequireSymbols: false } },
    ...settings,
  }));
  const poolId = pool.UserPool!.Id!;
  const app = await client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return { poolId, clientId: app.UserPoolClient!.ClientId! };
}

/** Opens what the nodes sealed: every node of a test cluster shares this key-encryption key. */
const clusterVault = new KeyVault(parseKeyring(testCluster('postgres://unused').kek));

/** The code in the newest message to `destination` (of `purpose`, when given), read from the outbox table. */
export async function codeSentTo(db: TestDatabase, destination: string, purpose?: string): Promise<string> {
  const { rows } = await db.sql.query<{ body: string; pool_id: string }>(
    'select body, pool_id from outbox where destination = $1 and ($2::text is null or purpose = $2) order by id desc limit 1',
    [destination, purpose ?? null]);
  // Bodies are sealed at rest under the cluster's key-encryption key.
  const row = rows[0];
  const body = row ? clusterVault.openString(row.body, `outbox:${row.pool_id}:${destination}`) : '';
  const code = /\b(\d{6})\b/.exec(body)?.[1];
  if (!code) throw new Error(`no code was sent to ${destination}`);
  return code;
}

export interface LoadResult<T> {
  ok: T[];
  failed: { item: T; node: string; error: Error }[];
}

/**
 * Runs `op` over fresh items from `next()` with `workers` concurrent loops until `until()`
 * says stop, spreading calls round-robin over `nodes()` (re-read each call, so that a dead
 * node can be taken out of the rotation).
 */
export async function runLoad<T>(options: {
  workers: number;
  nodes: () => NodeProcess[];
  next: () => T;
  op: (node: NodeProcess, item: T) => Promise<void>;
  until: () => boolean;
}): Promise<LoadResult<T>> {
  const result: LoadResult<T> = { ok: [], failed: [] };
  let turn = 0;
  await Promise.all(Array.from({ length: options.workers }, async () => {
    while (!options.until()) {
      const nodes = options.nodes();
      const node = nodes[turn++ % nodes.length]!;
      const item = options.next();
      try {
        await options.op(node, item);
        result.ok.push(item);
      } catch (e) {
        result.failed.push({ item, node: node.name, error: e as Error });
      }
    }
  }));
  return result;
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it holds; fails after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 50): Promise<number> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await check()) return performance.now() - start;
    await delay(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/**
 * A PostgreSQL cluster of this test's own (scripts/start-test-postgres.sh, on a free port, in a
 * private folder), for the faults that stop the database: the suite's cluster is serving other
 * test files. Undefined when this machine has no PostgreSQL server programs to run one with.
 */
export interface OwnPostgres {
  url: string;
  /** `pg_ctl stop -m fast`: sessions are terminated, as in a crash-restart or a failover. */
  stop(): void;
  /** Starts it again, on the same port. */
  start(): void;
  /** Stops it and deletes its folder. */
  remove(): void;
}

export function ownPostgres(): OwnPostgres | undefined {
  const root = path.resolve(import.meta.dirname, '../..');
  const dir = mkdtempSync(path.join(tmpdir(), 'alcove-test-pg-own-'));
  const script = (name: string, ...args: string[]) => execFileSync('bash', [`scripts/${name}`, dir, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const remove = () => { script('stop-test-postgres.sh', '--remove'); };
  let url: string;
  try {
    url = script('start-test-postgres.sh');
  } catch (e) {
    remove();
    if ((e as { status?: number }).status === 3) return undefined; // no server programs here
    throw e;
  }
  return {
    url,
    stop: () => { script('stop-test-postgres.sh'); },
    start: () => { script('start-test-postgres.sh'); },
    remove,
  };
}
