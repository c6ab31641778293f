/**
 * Fail closed: a server whose key-encryption key cannot open the database's secrets refuses to
 * start and names the key; `alcove rotate-kek` on SQLite keeps `data/kek` up to date, so that a
 * restart without ALCOVE_KEK still opens everything.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { createTestDatabase, errorOf, startTestServer, testDatabaseUrl } from '../../helpers/server.ts';
import { ALCOVE } from '../../helpers/cli.ts';

const exec = promisify(execFile);
const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const credentials = { accessKeyId: 'AKIAKEKCHECKTEST0000', secretAccessKey: 'kek-check-test-secret-access-key-0000' };

/** `alcove serve` on a SQLite data directory: resolves with its URL, or rejects with its stderr when it exits. */
async function serve(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [...ALCOVE, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ALCOVE_LOG_LEVEL: 'info', ALCOVE_KEK: '', ALCOVE_DATABASE_URL: '', ALCOVE_ACCESS_KEY_ID: credentials.accessKeyId,
      ALCOVE_SECRET_ACCESS_KEY: credentials.secretAccessKey, ...env },
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no listening line within 30 s')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'alcove is listening' && entry.url) { clearTimeout(timer); resolve(entry.url); }
    });
    void exited.then((code) => { clearTimeout(timer); reject(Object.assign(new Error(`exited with ${code}`), { code, stderr: stderr.join('\n') })); });
  });
  return {
    url,
    client: new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The refusal of a start that must not succeed (a server that does start is stopped, and the test fails). */
async function refused(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ code?: number; stderr: string }> {
  let started: Awaited<ReturnType<typeof serve>>;
  try {
    started = await serve(dataDir, env);
  } catch (e) {
    return e as { code?: number; stderr: string };
  }
  started.client.destroy();
  await started.stop();
  throw new Error('the server started');
}

describe('wrong key-encryption key', () => {
  it('refuses to start, naming the key, whether the key is absent, another, or its file was lost', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-kek-check-'));
    try {
      const first = await serve(dataDir);
      first.client.destroy();
      await first.stop();
      assert.ok(existsSync(path.join(dataDir, 'kek')));

      // Another keyring: the key id the database needs is named.
      const other = await refused(dataDir, { ALCOVE_KEK: key('other') });
      assert.equal(other.code, 1);
      assert.match(other.stderr, /refusing to start: the database holds secrets sealed under key-encryption key "k1", which the configured keyring \("other"\) does not have; set ALCOVE_KEK to a keyring that holds key "k1"/);

      // Another key under the same id.
      const impostor = await refused(dataDir, { ALCOVE_KEK: key('k1') });
      assert.match(impostor.stderr, /refusing to start: the configured key-encryption key "k1" is not the key "k1" that sealed the database's secrets/);

      // The key file lost: a new one is not kept in its place.
      unlinkSync(path.join(dataDir, 'kek'));
      const lost = await refused(dataDir);
      assert.match(lost.stderr, /refusing to start: the configured key-encryption key "k1" is not the key "k1".*kek was missing .*restore it from your backup/);
      assert.equal(existsSync(path.join(dataDir, 'kek')), false, 'the generated key was removed again');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('finds the keys in use in a database from before the check, on SQLite and PostgreSQL', async () => {
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    const where = db ? { databaseUrl: db.url } : {};
    const right = key('right');
    const first = await startTestServer({ ...where, kek: right });
    try {
      const { poolId } = await poolAndClient(first);
      await confirmedUser(first, poolId, 'sealed-user');
      // As a database migrated from a version without canaries.
      for (const canary of await first.services.store.kekCanaries.list()) await first.services.store.kekCanaries.delete(canary.keyId);
      first.client.destroy();
      first.anonymousClient.destroy();
      await first.close();
      const error = await errorOf(() => startTestServer({ dataDir: first.dataDir, ...where, kek: key('wrong') }));
      assert.match(error.message, /sealed under key-encryption key "right", which the configured keyring \("wrong"\) does not have/);
      const again = await startTestServer({ dataDir: first.dataDir, ...where, kek: right });
      try {
        assert.deepEqual((await again.services.store.kekCanaries.list()).map((c) => c.keyId), ['right']);
      } finally {
        await again.stop();
      }
    } finally {
      await db?.drop();
    }
  });
});

describe('rotate-kek on SQLite', () => {
  it('generates the new key into data/kek, so that a restart without ALCOVE_KEK signs in', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-kek-sqlite-'));
    try {
      const first = await serve(dataDir);
      const server = { client: first.client } as Parameters<typeof poolAndClient>[0];
      const { poolId, clientId } = await poolAndClient(server);
      await confirmedUser(server, poolId, 'rosa');
      first.client.destroy();
      await first.stop();

      const env = { ...process.env, ALCOVE_KEK: '', ALCOVE_DATABASE_URL: '', ALCOVE_LOG_LEVEL: 'silent' };
      const { stdout } = await exec(process.execPath, [...ALCOVE, 'rotate-kek', '--data-dir', dataDir], { env });
      assert.match(stdout, /user_credentials: 1 re-sealed of 1/);
      assert.match(stdout, /every secret is now sealed under key k2/);
      assert.match(stdout, /kek now holds key k2, k1 \(the first seals\)/);
      const file = path.join(dataDir, 'kek');
      assert.match(readFileSync(file, 'utf8'), /^k2:[A-Za-z0-9+/=]{44},k1:/);
      assert.equal(statSync(file).mode & 0o777, 0o600);

      const second = await serve(dataDir);
      try {
        const out = await second.client.send(new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'rosa', PASSWORD },
        }));
        assert.ok(out.AuthenticationResult?.AccessToken, 'signs in after the restart without ALCOVE_KEK');
      } finally {
        second.client.destroy();
        await second.stop();
      }

      // A second rotation drops k1: nothing is sealed under it, and no server can still be sealing with it.
      const again = await exec(process.execPath, [...ALCOVE, 'rotate-kek', '--data-dir', dataDir], { env });
      assert.match(again.stdout, /kek now holds key k3, k2 \(the first seals\)/);
      const third = await serve(dataDir);
      try {
        const out = await third.client.send(new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'rosa', PASSWORD },
        }));
        assert.ok(out.AuthenticationResult?.AccessToken);
      } finally {
        third.client.destroy();
        await third.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
