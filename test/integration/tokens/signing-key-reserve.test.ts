/**
 * A new pool's first sign-in does not wait for RSA key generation: a serving node keeps pairs
 * generated ahead, and CreateUserPool makes the pool's keys at once from them, in the
 * background, sealed and stored as any key (their tokens verify through the pool's JWKS and on
 * the server); a sign-in that comes before they are stored waits for the same keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { keyPairsTaken, reservedKeyPairs } from '../../../src/userPools/tokens/signing-keys.ts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const kidOf = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

async function until(condition: () => boolean, what: string, timeoutMs = 60_000, poll?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await poll?.();
    if (condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('signing keys generated ahead', () => {
  let server: TestServer;
  /** Keys stored per pool, as last read from the store (not through any API that would make them). */
  const storedKeys = new Map<string, number>();
  const countKeys = async (poolId: string) => {
    storedKeys.set(poolId, (await server.services.store.signingKeys.listPublished(poolId, Date.now())).length);
  };
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('a new pool gets its two keys from the reserve when it is created; its first sign-in finds them stored', async () => {
    await until(() => reservedKeyPairs() >= 2, 'two reserved key pairs');
    const before = { ...keyPairsTaken };
    const { poolId, clientId } = await poolAndClient(server);
    // Nothing has used the pool's keys yet: they are stored all the same.
    await until(() => storedKeys.get(poolId) === 2, 'the pool\'s keys stored', 20_000, () => countKeys(poolId));
    assert.equal(keyPairsTaken.fromReserve - before.fromReserve, 2, 'the ID and access keys came from the reserve');
    assert.equal(keyPairsTaken.generatedOnTheSpot, before.generatedOnTheSpot, 'nothing was generated for the pool');
    await confirmedUser(server, poolId, 'ada');

    const atSignIn = { ...keyPairsTaken };
    const out = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ada', PASSWORD },
    }));
    const tokens = out.AuthenticationResult!;
    assert.deepEqual(keyPairsTaken, atSignIn, 'the first sign-in made no key');

    const jwks = await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json() as { keys: { kid: string }[] };
    const kids = jwks.keys.map((k) => k.kid);
    assert.equal(kids.length, 2);
    assert.ok(kids.includes(kidOf(tokens.IdToken!)) && kids.includes(kidOf(tokens.AccessToken!)));
    assert.notEqual(kidOf(tokens.IdToken!), kidOf(tokens.AccessToken!));
    const me = await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    assert.equal(me.Username, 'ada');

    // The reserve fills up again in the background.
    await until(() => reservedKeyPairs() >= 2, 'the reserve refilled');
  });

  it('pools made back to back beyond the reserve each get one pair per key, the first sign-in waiting for them if need be', async () => {
    const before = { ...keyPairsTaken };
    const pools = 6; // the reserve holds four pools' pairs
    const made: { poolId: string; kids: string[] }[] = [];
    for (let i = 0; i < pools; i++) {
      const { poolId, clientId } = await poolAndClient(server);
      await confirmedUser(server, poolId, 'ada');
      const out = await server.anonymousClient.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ada', PASSWORD },
      }));
      made.push({ poolId, kids: [kidOf(out.AuthenticationResult!.IdToken!), kidOf(out.AuthenticationResult!.AccessToken!)] });
    }
    const taken = keyPairsTaken.fromReserve + keyPairsTaken.generatedOnTheSpot - before.fromReserve - before.generatedOnTheSpot;
    assert.equal(taken, 2 * pools, 'no pair made twice for a key');
    for (const { poolId, kids } of made) {
      const rows = await server.services.store.signingKeys.listPublished(poolId, Date.now());
      assert.deepEqual(rows.map((r) => r.kid).sort(), [...kids].sort(), 'the pool has the two keys its first tokens were signed with, and no other');
    }
  });

  it('two pools never share a key pair', async () => {
    const kids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const { poolId, clientId } = await poolAndClient(server);
      await confirmedUser(server, poolId, 'ada');
      const out = await server.anonymousClient.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ada', PASSWORD },
      }));
      kids.add(kidOf(out.AuthenticationResult!.IdToken!));
      kids.add(kidOf(out.AuthenticationResult!.AccessToken!));
    }
    assert.equal(kids.size, 6);
  });
});
