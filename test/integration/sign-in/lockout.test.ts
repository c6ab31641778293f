/**
 * Cognito's failed sign-in lockout, driven with a test clock: five free
 * failures, then 2^(n-5) s locks, `Password attempts exceeded` during a lock (even with the
 * right password, without lengthening it), reset by a success or 15 quiet minutes; SRP
 * failures count too, hidden unknown users lock out alike, and the state is in the database.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { confirmedUser, PASSWORD, poolAndClient, srpClient, testClock } from '../../helpers/auth-flows.ts';

const clock = testClock();
let server: TestServer;
before(async () => { server = await startTestServer({}, { clock }); });
after(async () => { await server.stop(); });
// Admin calls are signed with the real time: each test starts there.
beforeEach(() => { clock.t = Date.now(); });

const WRONG = 'Wrong-Password1';
const attempt = (clientId: string, username: string, password: string) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password },
}));
const messageOf = async (clientId: string, username: string, password: string) => (await errorOf(() => attempt(clientId, username, password))).message;

describe('failed sign-in lockout', () => {
  it('locks after five failures for 1 s, then 2 s, and lets the right password in afterwards', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'alice');
    for (let i = 0; i < 5; i++) assert.equal(await messageOf(clientId, 'alice', WRONG), 'Incorrect username or password.');
    const locked = await errorOf(() => attempt(clientId, 'alice', PASSWORD));
    assert.equal(locked.name, 'NotAuthorizedException');
    assert.equal(locked.message, 'Password attempts exceeded');

    clock.advance(1000);
    assert.equal(await messageOf(clientId, 'alice', WRONG), 'Incorrect username or password.');
    clock.advance(1500);
    assert.equal(await messageOf(clientId, 'alice', PASSWORD), 'Password attempts exceeded');
    clock.advance(500);
    assert.ok((await attempt(clientId, 'alice', PASSWORD)).AuthenticationResult);

    // The success started afresh: five more free failures.
    for (let i = 0; i < 5; i++) assert.equal(await messageOf(clientId, 'alice', WRONG), 'Incorrect username or password.');
    assert.equal(await messageOf(clientId, 'alice', PASSWORD), 'Password attempts exceeded');
  });

  it('caps the lock at 15 minutes and forgets after 15 quiet minutes', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'bob');
    const sub = (await server.services.store.users.getByUsername(poolId, 'bob'))!.id;
    const failures = async () => (await server.services.store.signInFailures.get(sub))?.failures;
    for (let n = 1; n <= 15; n++) {
      assert.equal(await messageOf(clientId, 'bob', WRONG), 'Incorrect username or password.');
      if (n < 15) clock.advance(n < 5 ? 1000 : 2 ** (n - 5) * 1000);
    }
    // The 15th failure would lock for 2^10 s; the cap is 15 minutes.
    clock.advance(899_000);
    assert.equal(await messageOf(clientId, 'bob', PASSWORD), 'Password attempts exceeded');
    clock.advance(1000);
    assert.equal(await messageOf(clientId, 'bob', WRONG), 'Incorrect username or password.');
    assert.equal(await failures(), 16);
    clock.advance(15 * 60_000);
    assert.equal(await messageOf(clientId, 'bob', WRONG), 'Incorrect username or password.');
    assert.equal(await failures(), 1);
  });

  it('counts SRP failures at step 2, and refuses SRP during a lock', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'carol');
    const srpAttempt = async (password: string) => {
      const srp = srpClient(poolId);
      const out = await server.anonymousClient.send(new InitiateAuthCommand({
        AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'carol', SRP_A: srp.srpA },
      }));
      return server.anonymousClient.send(new RespondToAuthChallengeCommand({
        ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srp.answer(out.ChallengeParameters!, password),
      }));
    };
    for (let i = 0; i < 5; i++) assert.equal((await errorOf(() => srpAttempt(WRONG))).message, 'Incorrect username or password.');
    assert.equal((await errorOf(() => srpAttempt(PASSWORD))).message, 'Password attempts exceeded');
    assert.equal(await messageOf(clientId, 'carol', PASSWORD), 'Password attempts exceeded');
  });

  it('locks out a hidden unknown username just like a real one', async () => {
    const { clientId } = await poolAndClient(server, {}, { PreventUserExistenceErrors: 'ENABLED' });
    for (let i = 0; i < 5; i++) assert.equal(await messageOf(clientId, 'nobody', WRONG), 'Incorrect username or password.');
    assert.equal(await messageOf(clientId, 'nobody', WRONG), 'Password attempts exceeded');
  });
});
