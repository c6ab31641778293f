/**
 * Starts a real Alcove server on a free port with a fresh data directory, and gives the test
 * clients pointed at it. Every integration test goes through here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import pg from 'pg';
import type { Logger } from 'pino';
import { resolveSettings, type Settings } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import type { Clock } from '../../src/kernel/context.ts';

export interface TestServer extends RunningServer {
  /** SDK client signing with the server's access key. */
  client: CognitoIdentityProviderClient;
  /** SDK client with no valid credentials (for public operations and auth failures). */
  anonymousClient: CognitoIdentityProviderClient;
  dataDir: string;
  settings: Settings;
  stop(): Promise<void>;
}

/** The PostgreSQL the integration suite runs on, when it runs on PostgreSQL. */
export const testDatabaseUrl = (): string | undefined => process.env.ALCOVE_TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own on the test PostgreSQL server, for tests whose effects must not meet
 * other test files' servers (message senders claim any row; KEK rotation re-seals every secret).
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `alcove_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * `clock` replaces the system clock (expiry tests move it forward); `isolatedDatabase` gives the
 * server a PostgreSQL database of its own (SQLite servers are always private), dropped at stop;
 * `log` receives the server's log (tests of what it warns about).
 */
/** Data directories startTestServer made and no server has removed yet. */
const madeDataDirs = new Set<string>();

export async function startTestServer(
  overrides: Partial<Record<keyof Settings, unknown>> = {},
  options: { clock?: Clock; isolatedDatabase?: boolean; log?: Logger } = {},
): Promise<TestServer> {
  // A data directory of its own unless the test names one. A test that restarts a server on the
  // directory an earlier test server made hands it on: the last server to stop removes it.
  const named = overrides['dataDir'] as string | undefined;
  const created = named === undefined ? mkdtempSync(path.join(tmpdir(), 'alcove-test-')) : undefined;
  const ownDataDir = created ?? (named !== undefined && madeDataDirs.has(named) ? named : undefined);
  const shared = testDatabaseUrl();
  const isolated = shared && options.isolatedDatabase ? await createTestDatabase(shared) : undefined;
  const databaseUrl = isolated?.url ?? shared;
  if (created) madeDataDirs.add(created);
  const remove = async (dir: string | undefined) => {
    await isolated?.drop();
    if (dir === undefined) return;
    madeDataDirs.delete(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  const settings = resolveSettings([{
    port: 0, host: '127.0.0.1', dataDir: created, logLevel: process.env.ALCOVE_TEST_LOG ?? 'silent',
    // Every test client is one address (127.0.0.1): tests of the per-address rate set their own.
    addressRateLimit: 0,
    ...(databaseUrl ? { databaseUrl, kek: 'test:' + Buffer.alloc(32, 7).toString('base64') } : {}),
    ...overrides,
  }]);
  // A test that moves its clock must not sweep with it: on a shared PostgreSQL database that
  // would delete other test files' rows. Such tests call sweepExpired themselves.
  let server;
  try {
    server = await startServer(settings, {
      ...(options.clock ? { clock: options.clock, sweep: false } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  } catch (e) {
    await remove(created); // a refused start leaves nothing behind but what it was handed
    throw e;
  }
  const key = server.accessKeys[0]!;
  const client = new CognitoIdentityProviderClient({
    endpoint: server.url, region: settings.region,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    maxAttempts: 1,
  });
  const anonymousClient = new CognitoIdentityProviderClient({
    endpoint: server.url, region: settings.region,
    credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret-key-at-all' },
    maxAttempts: 1,
  });
  return {
    ...server,
    client,
    anonymousClient,
    dataDir: settings.dataDir,
    settings,
    async stop() {
      client.destroy();
      anonymousClient.destroy();
      await server.close();
      await remove(ownDataDir);
    },
  };
}

/**
 * A test server on TLS (`tls: 'self-signed'`: the certificate Alcove generates in its data
 * directory); its `client` trusts that certificate, and `ca` is the certificate's PEM.
 */
export async function startTlsTestServer(overrides: Partial<Record<keyof Settings, unknown>> = {}): Promise<TestServer & { ca: string }> {
  const server = await startTestServer({ tls: 'self-signed', ...overrides });
  const ca = readFileSync(path.join(server.dataDir, 'tls-self-signed.crt'), 'utf8');
  const key = server.accessKeys[0]!;
  const client = new CognitoIdentityProviderClient({
    endpoint: server.url, region: server.settings.region, maxAttempts: 1,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
    requestHandler: { httpsAgent: new Agent({ ca }) },
  });
  return {
    ...server,
    ca,
    client,
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
}

/** Runs `fn` and returns the error it threw (fails if it did not throw). */
export async function errorOf(fn: () => Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await fn();
  } catch (e) {
    return e as Error & { name: string };
  }
  throw new Error('expected an error, but the call succeeded');
}
