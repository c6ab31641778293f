/**
 * Amplify v6 in Node against Alcove, configured with nothing but `userPoolEndpoint`. Amplify is
 * a singleton: one configuration and one signed-in user at a time, so each test configures its
 * own pool and signs out at the end. Tokens live in a storage this file controls, so that the
 * refresh token Amplify holds can be checked against the server after sign-out.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchUserAttributes, signIn, signOut, updatePassword, updateUserAttributes } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { refresh } from '../../helpers/user-session.ts';
import { memoryTokenStorage } from '../../helpers/amplify-storage.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });
afterEach(async () => { await signOut(); });

const { storage, tokenStorage } = memoryTokenStorage();
const storedRefreshToken = (): string | undefined => [...storage].find(([key]) => key.endsWith('.refreshToken'))?.[1];

const PASSWORD = 'Password-1';
let counter = 0;

/** A pool with a confirmed user `alice`, and Amplify configured for its app client. */
async function setup(): Promise<{ poolId: string; clientId: string }> {
  const created = await server.client.send(new CreateUserPoolCommand({ PoolName: `amplify-${++counter}` }));
  const poolId = created.UserPool!.Id!;
  const client = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  const clientId = client.UserPoolClient!.ClientId!;
  await server.client.send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: 'alice', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }],
  }));
  await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: PASSWORD, Permanent: true }));
  Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.url } } });
  // After configure: Amplify.configure puts its default storage back.
  cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
  return { poolId, clientId };
}

async function currentAccessToken(): Promise<string> {
  const session = await fetchAuthSession();
  assert.ok(session.tokens?.accessToken, 'Amplify holds an access token');
  return session.tokens.accessToken.toString();
}

const getUser = (AccessToken: string) => server.anonymousClient.send(new GetUserCommand({ AccessToken }));

describe('Amplify v6', () => {
  it('signs in with SRP, refreshes through GetTokensFromRefreshToken and reads the attributes', async () => {
    await setup();
    const result = await signIn({ username: 'alice', password: PASSWORD });
    assert.equal(result.isSignedIn, true);
    assert.equal(result.nextStep.signInStep, 'DONE');
    const session = await fetchAuthSession();
    assert.equal(session.tokens!.idToken!.payload['cognito:username'], 'alice');
    assert.equal(session.tokens!.idToken!.payload.email, 'alice@example.com');
    const first = session.tokens!.accessToken.toString();

    const refreshed = await fetchAuthSession({ forceRefresh: true });
    const second = refreshed.tokens!.accessToken.toString();
    assert.notEqual(second, first);
    assert.equal((await getUser(second)).Username, 'alice');

    const attributes = await fetchUserAttributes();
    assert.equal(attributes.email, 'alice@example.com');
    assert.equal(attributes.email_verified, 'true');
    assert.match(attributes.sub!, /^[0-9a-f-]{36}$/);
  });

  it('updates attributes and the password, then signs in with USER_PASSWORD_AUTH', async () => {
    await setup();
    await signIn({ username: 'alice', password: PASSWORD });
    const updated = await updateUserAttributes({ userAttributes: { given_name: 'Alice' } });
    assert.equal(updated.given_name!.isUpdated, true);
    assert.equal((await fetchUserAttributes()).given_name, 'Alice');

    const wrong = await errorOf(() => updatePassword({ oldPassword: 'Wrong-Password1', newPassword: 'New-Password1' }));
    assert.equal(wrong.name, 'NotAuthorizedException');
    await updatePassword({ oldPassword: PASSWORD, newPassword: 'New-Password1' });
    await signOut();

    const result = await signIn({ username: 'alice', password: 'New-Password1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    assert.equal(result.isSignedIn, true);
    assert.equal((await getUser(await currentAccessToken())).Username, 'alice');
  });

  it('signOut() revokes the session it held (RevokeToken)', async () => {
    const { clientId } = await setup();
    await signIn({ username: 'alice', password: PASSWORD });
    const accessToken = await currentAccessToken();
    const refreshToken = storedRefreshToken();
    assert.ok(refreshToken);
    await signOut();
    assert.equal(storedRefreshToken(), undefined);

    const access = await errorOf(() => getUser(accessToken));
    assert.equal(access.name, 'NotAuthorizedException');
    assert.equal(access.message, 'Access Token has been revoked');
    const refreshed = await errorOf(() => refresh(server, { clientId, refreshToken }));
    assert.equal(refreshed.name, 'NotAuthorizedException');
    assert.equal(refreshed.message, 'Refresh Token has been revoked');
  });

  it('signOut({ global: true }) signs the user out of every session (GlobalSignOut)', async () => {
    const { clientId } = await setup();
    await signIn({ username: 'alice', password: PASSWORD });
    const accessToken = await currentAccessToken();
    const refreshToken = storedRefreshToken()!;
    await signOut({ global: true });

    const access = await errorOf(() => getUser(accessToken));
    assert.equal(access.message, 'Access Token has been revoked');
    const refreshed = await errorOf(() => refresh(server, { clientId, refreshToken }));
    assert.equal(refreshed.message, 'Refresh Token has been revoked');
  });
});
