/** Access tokens issued in the future (a node's clock far ahead, or a forged lifetime) are refused. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient, testClock } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';

describe('access tokens from the future', () => {
  const clock = testClock();
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer({}, { clock });
    ({ poolId, clientId } = await poolAndClient(server));
    await confirmedUser(server, poolId, 'marty');
  });
  after(() => server.stop());

  it('refuses a token whose iat is beyond the skew, accepts one within it', async () => {
    clock.advance(10 * 60_000);
    const ahead = await signIn(server, { poolId, clientId, username: 'marty', password: PASSWORD });
    clock.advance(-10 * 60_000);
    const refused = await errorOf(() => server.anonymousClient.send(new GetUserCommand({ AccessToken: ahead.AccessToken })));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'Invalid Access Token');

    clock.advance(20_000);
    const slightly = await signIn(server, { poolId, clientId, username: 'marty', password: PASSWORD });
    clock.advance(-20_000);
    const user = await server.anonymousClient.send(new GetUserCommand({ AccessToken: slightly.AccessToken }));
    assert.equal(user.Username, 'marty');
  });
});
