/** The expiry sweeper deletes what has run out, so that tables hold only live rows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdminGetUserCommand, InitiateAuthCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sweepExpired } from '../../../src/workers/expiry-sweeper.ts';
import { confirmedUser, PASSWORD, poolAndClient, testClock } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer } from '../../helpers/server.ts';

describe('expiry sweeper', () => {
  it('deletes expired refresh tokens, codes and finished messages, and keeps live tokens', async () => {
    const clock = testClock();
    // Sweeping with a clock a month ahead empties the database of everything expiring before:
    // on PostgreSQL, a database of its own.
    const server = await startTestServer({}, { clock, isolatedDatabase: true });
    try {
      const { poolId, clientId } = await poolAndClient(server, { AutoVerifiedAttributes: ['email'] });
      await confirmedUser(server, poolId, 'sam');
      const signIn = () => server.anonymousClient.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'sam', PASSWORD },
      }));
      const old = (await signIn()).AuthenticationResult!.RefreshToken!;
      await server.anonymousClient.send(new SignUpCommand({
        ClientId: clientId, Username: 'una', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'una@example.com' }],
      }));
      const una = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'una' }));
      const unaId = una.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
      assert.ok(await server.services.store.codes.get(unaId, 'signup'));

      // No SMTP server here: the sender keeps the message in the outbox, finished.
      const finished = async () => (await server.services.store.outbox.list({ destination: 'una@example.com', limit: 1 }))[0]?.lastError;
      for (let i = 0; i < 100 && !(await finished()); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(await finished(), 'the sender handled the message');

      clock.advance(31 * 24 * 3600_000); // past the 30-day refresh tokens, the 24-hour code, the 7-day message retention
      const fresh = (await signIn()).AuthenticationResult!.RefreshToken!;
      const refresh = (token: string) => server.anonymousClient.send(new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: token },
      }));
      assert.equal((await errorOf(() => refresh(old))).message, 'Refresh Token has expired');

      await sweepExpired(server.services.store, clock.now());
      // The expired token's row is gone (it reads as unknown now); the fresh one still works.
      assert.equal((await errorOf(() => refresh(old))).message, 'Invalid Refresh Token');
      assert.ok((await refresh(fresh)).AuthenticationResult?.AccessToken);
      assert.equal(await server.services.store.codes.get(unaId, 'signup'), undefined);
      assert.deepEqual(await server.services.store.outbox.list({ destination: 'una@example.com', limit: 1 }), []);
    } finally {
      await server.stop();
    }
  });
});
