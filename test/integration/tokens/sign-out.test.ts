import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminUserGlobalSignOutCommand, GetUserCommand, GlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { identityJsSignIn, refresh, signIn } from '../../helpers/user-session.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

const PASSWORD = 'Password-1';

/** A pool, an app client and a confirmed user `alice`. */
async function setup() {
  const { poolId, clientId } = await poolAndClient(server);
  await confirmedUser(server, poolId, 'alice', [], PASSWORD);
  return { poolId, clientId, signIn: () => signIn(server, { poolId, clientId, username: 'alice', password: PASSWORD }) };
}

const getUser = (AccessToken: string) => server.anonymousClient.send(new GetUserCommand({ AccessToken }));

async function assertSignedOut(clientId: string, tokens: { AccessToken: string; RefreshToken: string }) {
  const access = await errorOf(() => getUser(tokens.AccessToken));
  assert.equal(access.name, 'NotAuthorizedException');
  assert.equal(access.message, 'Access Token has been revoked');
  const refreshed = await errorOf(() => refresh(server, { clientId, refreshToken: tokens.RefreshToken }));
  assert.equal(refreshed.name, 'NotAuthorizedException');
  assert.equal(refreshed.message, 'Refresh Token has been revoked');
}

describe('GlobalSignOut', () => {
  it("revokes every session's access and refresh tokens; a new sign-in works", async () => {
    const { clientId, signIn } = await setup();
    const first = await signIn();
    const second = await signIn();
    // Tokens refreshed before the sign-out are revoked too.
    const refreshed = await refresh(server, { clientId, refreshToken: first.RefreshToken });
    await getUser(refreshed.AccessToken);

    await server.anonymousClient.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken }));
    await assertSignedOut(clientId, first);
    await assertSignedOut(clientId, second);
    const stale = await errorOf(() => getUser(refreshed.AccessToken));
    assert.equal(stale.message, 'Access Token has been revoked');

    const again = await errorOf(() => server.anonymousClient.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken })));
    assert.equal(again.name, 'NotAuthorizedException');
    assert.equal(again.message, 'Access Token has been revoked');

    const fresh = await signIn();
    assert.equal((await getUser(fresh.AccessToken)).Username, 'alice');
  });

  it('refuses an ID token', async () => {
    const { signIn } = await setup();
    const tokens = await signIn();
    const e = await errorOf(() => server.anonymousClient.send(new GlobalSignOutCommand({ AccessToken: tokens.IdToken })));
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'Invalid Access Token');
  });
});

describe('AdminUserGlobalSignOut', () => {
  it('signs the user out everywhere', async () => {
    const { poolId, clientId, signIn } = await setup();
    const tokens = await signIn();
    await server.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'alice' }));
    await assertSignedOut(clientId, tokens);
    assert.equal((await getUser((await signIn()).AccessToken)).Username, 'alice');
  });

  it('fails for an unknown user or pool, and without a valid signature', async () => {
    const { poolId } = await setup();
    const noUser = await errorOf(() => server.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'nobody' })));
    assert.equal(noUser.name, 'UserNotFoundException');
    assert.equal(noUser.message, 'User does not exist.');
    const noPool = await errorOf(() => server.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: 'us-east-1_nopool000', Username: 'alice' })));
    assert.equal(noPool.name, 'ResourceNotFoundException');
    const unsigned = await errorOf(() => server.anonymousClient.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'alice' })));
    assert.equal(unsigned.name, 'UnrecognizedClientException');
  });
});

describe('amazon-cognito-identity-js globalSignOut', () => {
  it('signs the user out of every session', async () => {
    const { poolId, clientId, signIn } = await setup();
    const other = await signIn();
    const user = await identityJsSignIn(server, { poolId, clientId, username: 'alice', password: PASSWORD });
    const session = user.getSignInUserSession()!;
    const tokens = { AccessToken: session.getAccessToken().getJwtToken(), RefreshToken: session.getRefreshToken().getToken() };
    await new Promise<void>((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }));
    await assertSignedOut(clientId, tokens);
    await assertSignedOut(clientId, other);
  });
});
