/**
 * Signing-key rotation by an operator (`alcove rotate-signing-keys --pool`) and on a schedule
 * (`signingKeyRotationDays`): tokens signed with the new keys verify through the JWKS, and so do
 * tokens signed before, until they expire.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { confirmedUser, PASSWORD, poolAndClient, testClock } from '../../helpers/auth-flows.ts';
import { createTestDatabase, startTestServer, testDatabaseUrl, type TestServer } from '../../helpers/server.ts';
import { ALCOVE } from '../../helpers/cli.ts';

const exec = promisify(execFile);
/** Fixed, so that the issuer is the same across restarts on other ports. */
const PUBLIC_URL = 'http://alcove.test';

const kidOf = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

async function signIn(server: TestServer, clientId: string) {
  const out = await server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'rosa', PASSWORD },
  }));
  return out.AuthenticationResult!;
}

/** aws-jwt-verify, fetching the pool's JWKS from `server` (it fetches only over https). */
function verifier(server: TestServer, poolId: string, clientId: string) {
  const jwksCache = new SimpleJwksCache({
    fetcher: { fetch: async (uri: string) => (await fetch(uri.replace('https://alcove.test', server.url))).arrayBuffer() },
  });
  return JwtRsaVerifier.create({ issuer: `${PUBLIC_URL}/${poolId}`, audience: clientId, jwksUri: `https://alcove.test/${poolId}/.well-known/jwks.json` },
    { jwksCache });
}

async function jwksKids(server: TestServer, poolId: string): Promise<string[]> {
  const res = await fetch(`${server.url}/${poolId}/.well-known/jwks.json`);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}

describe('signing-key rotation', () => {
  it('alcove rotate-signing-keys: new tokens carry the new kid; tokens signed before still verify', async () => {
    const first = await startTestServer({ publicUrl: PUBLIC_URL });
    const { poolId, clientId } = await poolAndClient(first);
    await confirmedUser(first, poolId, 'rosa');
    const before = await signIn(first, clientId);
    first.client.destroy();
    first.anonymousClient.destroy();
    await first.close();

    const env = {
      ...process.env, ALCOVE_LOG_LEVEL: 'silent',
      ALCOVE_KEK: first.settings.kek ?? '', ALCOVE_DATABASE_URL: first.settings.databaseUrl ?? '',
    };
    const { stdout } = await exec(process.execPath, [...ALCOVE, 'rotate-signing-keys', '--pool', poolId, '--data-dir', first.dataDir], { env });
    assert.match(stdout, new RegExp(`pool ${poolId}: ID tokens are now signed with key \\S+, access tokens with \\S+`));
    assert.match(stdout, /2 earlier key\(s\) stay published until the tokens they signed have expired/);
    const missing = await exec(process.execPath, [...ALCOVE, 'rotate-signing-keys', '--pool', 'us-east-1_Nonexistent1', '--data-dir', first.dataDir], { env })
      .then(() => undefined, (e: { code: number; stderr: string }) => e);
    assert.equal(missing?.code, 1);
    assert.match(missing!.stderr, /user pool us-east-1_Nonexistent1 does not exist/);

    const second = await startTestServer({ dataDir: first.dataDir, publicUrl: PUBLIC_URL });
    try {
      const after = await signIn(second, clientId);
      assert.notEqual(kidOf(after.IdToken!), kidOf(before.IdToken!));
      assert.notEqual(kidOf(after.AccessToken!), kidOf(before.AccessToken!));
      const kids = await jwksKids(second, poolId);
      for (const token of [before.IdToken!, before.AccessToken!, after.IdToken!, after.AccessToken!]) {
        assert.ok(kids.includes(kidOf(token)), 'every kid is published');
      }
      const verify = verifier(second, poolId, clientId);
      assert.equal((await verify.verify(after.IdToken!)).token_use, 'id');
      assert.equal((await verify.verify(before.IdToken!)).token_use, 'id', 'a token signed before the rotation still verifies');
    } finally {
      await second.stop();
    }
  });

  it('rotates keys older than signingKeyRotationDays by itself', async (t) => {
    const clock = testClock();
    // The schedule rotates every pool of the database: on PostgreSQL, a database of its own.
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    const where = db ? { databaseUrl: db.url } : {};
    t.after(() => db?.drop());
    const first = await startTestServer({ ...where, publicUrl: PUBLIC_URL, signingKeyRotationDays: 30 }, { clock });
    const { poolId, clientId } = await poolAndClient(first);
    await confirmedUser(first, poolId, 'rosa');
    const before = await signIn(first, clientId);
    first.client.destroy();
    first.anonymousClient.destroy();
    await first.close();

    // 31 days on, a node starts: its first pass finds the keys too old.
    clock.advance(31 * 86_400_000);
    const second = await startTestServer({ dataDir: first.dataDir, ...where, publicUrl: PUBLIC_URL, signingKeyRotationDays: 30 }, { clock });
    try {
      const deadline = Date.now() + 20_000;
      while ((await jwksKids(second, poolId)).length < 4) {
        assert.ok(Date.now() < deadline, 'the keys were rotated within 20 s of the start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const after = await signIn(second, clientId);
      assert.notEqual(kidOf(after.IdToken!), kidOf(before.IdToken!));
    } finally {
      await second.stop();
    }
  });
});
