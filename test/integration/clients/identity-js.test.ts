/**
 * amazon-cognito-identity-js against Alcove with nothing changed but `endpoint`: SRP sign-in
 * (authenticateUser), the USER_PASSWORD_AUTH flow, getSession / refreshSession, and
 * completeNewPasswordChallenge for an administrator-created user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminCreateUserCommand, AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoRefreshToken, type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { MemoryStorage } from '../../helpers/user-session.ts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

function userOf(poolId: string, clientId: string, username: string): CognitoUser {
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url, Storage: new MemoryStorage() });
  return new CognitoUser({ Username: username, Pool: pool, Storage: new MemoryStorage() });
}

function authenticate(user: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => user.authenticateUser(
    new AuthenticationDetails({ Username: user.getUsername(), Password: password }),
    { onSuccess: resolve, onFailure: reject, newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')) },
  ));
}

describe('amazon-cognito-identity-js', () => {
  it('signs in with SRP, reads the cached session, and refreshes it', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'alice');
    const user = userOf(poolId, clientId, 'alice');

    const session = await authenticate(user, PASSWORD);
    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], 'alice');
    assert.equal(session.getAccessToken().decodePayload().client_id, clientId);

    const cached = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.getSession((err: Error | null, s: CognitoUserSession | null) => (err || !s ? reject(err) : resolve(s))));
    assert.equal(cached.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());

    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) => user.refreshSession(
      session.getRefreshToken() as CognitoRefreshToken,
      (err: unknown, s: CognitoUserSession) => (err ? reject(err) : resolve(s)),
    ));
    assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
    // No new refresh token: identity-js keeps the one it had.
    assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken());
    assert.equal(refreshed.getIdToken().decodePayload().auth_time, session.getIdToken().decodePayload().auth_time);
  });

  it('signs in with SRP by email in an email-as-username pool, switching to USER_ID_FOR_SRP', async () => {
    const { poolId, clientId } = await poolAndClient(server, { UsernameAttributes: ['email'] });
    await confirmedUser(server, poolId, 'bob@example.com', [{ Name: 'email_verified', Value: 'true' }]);
    const user = userOf(poolId, clientId, 'BOB@example.com');
    const session = await authenticate(user, PASSWORD);
    const internal = session.getIdToken().decodePayload()['cognito:username'] as string;
    assert.match(internal, /^[0-9a-f-]{36}$/);
    assert.equal(user.getUsername(), internal);
  });

  it('fails a wrong password with Cognito\'s error', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'carol');
    const err = await errorOf(() => authenticate(userOf(poolId, clientId, 'carol'), 'Wrong-Password1')) as Error & { code?: string };
    assert.equal(err.code, 'NotAuthorizedException');
    assert.equal(err.message, 'Incorrect username or password.');
  });

  it('signs in with the USER_PASSWORD_AUTH flow', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'dave');
    const user = userOf(poolId, clientId, 'dave');
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const session = await authenticate(user, PASSWORD);
    assert.equal(session.getAccessToken().decodePayload().username, 'dave');
  });

  it('completes NEW_PASSWORD_REQUIRED with the required attributes', async () => {
    const { poolId, clientId } = await poolAndClient(server, {
      Schema: [{ Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: true }],
    });
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'erin', TemporaryPassword: 'Temp-Password1', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'given_name', Value: 'E' }],
    }));
    // given_name is set, so nothing is missing; family_name is not required.
    const user = userOf(poolId, clientId, 'erin');
    const challenge = await new Promise<{ attributes: Record<string, string>; required: string[] }>((resolve, reject) => user.authenticateUser(
      new AuthenticationDetails({ Username: 'erin', Password: 'Temp-Password1' }),
      { onSuccess: () => reject(new Error('expected NEW_PASSWORD_REQUIRED')), onFailure: reject,
        newPasswordRequired: (attributes: Record<string, string>, required: string[]) => resolve({ attributes, required }) },
    ));
    assert.deepEqual(challenge.required, []);
    assert.equal(challenge.attributes.email, 'erin@example.com');
    assert.equal(challenge.attributes.sub, undefined);

    const session = await new Promise<CognitoUserSession>((resolve, reject) => user.completeNewPasswordChallenge(
      'Chosen-Password1', { family_name: 'Example' }, { onSuccess: resolve, onFailure: reject },
    ));
    assert.equal(session.getIdToken().decodePayload().family_name, 'Example');
    const after = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    assert.equal(after.UserStatus, 'CONFIRMED');
    await authenticate(userOf(poolId, clientId, 'erin'), 'Chosen-Password1');
  });

  it('times a complete SRP sign-in over HTTP', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'timer');
    await authenticate(userOf(poolId, clientId, 'timer'), PASSWORD);
    const runs = 20;
    const started = performance.now();
    for (let i = 0; i < runs; i++) await authenticate(userOf(poolId, clientId, 'timer'), PASSWORD);
    const ms = (performance.now() - started) / runs;
    console.log(`# identity-js SRP sign-in (client + server, HTTP): ${ms.toFixed(1)} ms each over ${runs} runs`);
  });
});
