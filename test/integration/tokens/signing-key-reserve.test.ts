/**
 * A new pool's first sign-in does not wait for RSA key generation: a serving node keeps pairs
 * generated ahead, and the pool's first keys are taken from them, sealed and stored as any key
 * (their tokens verify through the pool's JWKS and on the server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { keyPairsTaken, reservedKeyPairs } from '../../../src/userPools/tokens/signing-keys.ts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const kidOf = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('signing keys generated ahead', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('a new pool\'s first sign-in takes its two keys from the reserve, and its tokens verify', async () => {
    await until(() => reservedKeyPairs() >= 2, 'two reserved key pairs');
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'ada');
    const before = { ...keyPairsTaken };

    const out = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ada', PASSWORD },
    }));
    const tokens = out.AuthenticationResult!;
    assert.equal(keyPairsTaken.fromReserve - before.fromReserve, 2, 'the ID and access keys came from the reserve');
    assert.equal(keyPairsTaken.generatedOnTheSpot, before.generatedOnTheSpot, 'nothing was generated on the request path');

    const jwks = await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json() as { keys: { kid: string }[] };
    const kids = jwks.keys.map((k) => k.kid);
    assert.ok(kids.includes(kidOf(tokens.IdToken!)) && kids.includes(kidOf(tokens.AccessToken!)));
    assert.notEqual(kidOf(tokens.IdToken!), kidOf(tokens.AccessToken!));
    const me = await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    assert.equal(me.Username, 'ada');

    // The reserve fills up again in the background.
    await until(() => reservedKeyPairs() >= 2, 'the reserve refilled');
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
