/**
 * USER_PASSWORD_AUTH and the admin password flows through the SDK: success by username or
 * alias, every refusal Cognito gives (wrong password, unknown user in both modes, unconfirmed,
 * disabled, reset required), SECRET_HASH, flow gating, and which API may run which flow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand, AdminDisableUserCommand, AdminInitiateAuthCommand, AdminResetUserPasswordCommand, CreateUserPoolClientCommand,
  InitiateAuthCommand, SignUpCommand, type AuthFlowType,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { confirmedUser, PASSWORD, poolAndClient, secretHash } from '../../helpers/auth-flows.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

const passwordAuth = (clientId: string, username: string, password: string, extra: Record<string, string> = {}) =>
  server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password, ...extra },
  }));

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('USER_PASSWORD_AUTH', () => {
  it('signs in by username or verified alias and returns Cognito-shaped tokens', async () => {
    const { poolId, clientId } = await poolAndClient(server, { AliasAttributes: ['email'] });
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    for (const name of ['alice', 'Alice@Example.com']) {
      const out = await passwordAuth(clientId, name, PASSWORD);
      assert.equal(out.ChallengeName, undefined);
      assert.deepEqual(out.ChallengeParameters, {});
      const result = out.AuthenticationResult!;
      assert.equal(result.TokenType, 'Bearer');
      assert.equal(result.ExpiresIn, 3600);
      assert.ok(result.RefreshToken);
      const id = claims(result.IdToken!);
      assert.equal(id['cognito:username'], 'alice');
      assert.equal(id.aud, clientId);
      assert.equal(id.token_use, 'id');
      assert.equal(claims(result.AccessToken!).client_id, clientId);
    }
  });

  it('refuses a wrong password and a missing parameter', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'bob');
    const wrong = await errorOf(() => passwordAuth(clientId, 'bob', 'Wrong-Password1'));
    assert.equal(wrong.name, 'NotAuthorizedException');
    assert.equal(wrong.message, 'Incorrect username or password.');
    const missing = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'bob' },
    })));
    assert.equal(missing.name, 'InvalidParameterException');
    assert.equal(missing.message, 'Missing required parameter PASSWORD');
  });

  it('answers unknown users per PreventUserExistenceErrors', async () => {
    const legacy = await poolAndClient(server);
    const notFound = await errorOf(() => passwordAuth(legacy.clientId, 'nobody', PASSWORD));
    assert.equal(notFound.name, 'UserNotFoundException');
    assert.equal(notFound.message, 'User does not exist.');

    const hidden = await poolAndClient(server, {}, { PreventUserExistenceErrors: 'ENABLED' });
    const generic = await errorOf(() => passwordAuth(hidden.clientId, 'nobody', PASSWORD));
    assert.equal(generic.name, 'NotAuthorizedException');
    assert.equal(generic.message, 'Incorrect username or password.');
  });

  it('says UserNotConfirmedException to an unconfirmed user, even with a wrong password', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'carol', Password: PASSWORD }));
    for (const password of [PASSWORD, 'Wrong-Password1']) {
      const err = await errorOf(() => passwordAuth(clientId, 'carol', password));
      assert.equal(err.name, 'UserNotConfirmedException');
      assert.equal(err.message, 'User is not confirmed.');
    }
    await server.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'carol' }));
    assert.ok((await passwordAuth(clientId, 'carol', PASSWORD)).AuthenticationResult);
  });

  it('refuses a disabled user', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'dave');
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    const err = await errorOf(() => passwordAuth(clientId, 'dave', PASSWORD));
    assert.equal(err.name, 'NotAuthorizedException');
    assert.equal(err.message, 'User is disabled.');
  });

  it('says PasswordResetRequiredException after AdminResetUserPassword (hidden behind the password on ENABLED clients)', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    const hidden = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'hidden', PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    await confirmedUser(server, poolId, 'erin', [{ Name: 'email', Value: 'erin@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await server.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'erin' }));
    const reset = await errorOf(() => passwordAuth(clientId, 'erin', 'Wrong-Password1'));
    assert.equal(reset.name, 'PasswordResetRequiredException');
    assert.equal(reset.message, 'Password reset required for the user');

    const hiddenId = hidden.UserPoolClient!.ClientId!;
    const generic = await errorOf(() => passwordAuth(hiddenId, 'erin', 'Wrong-Password1'));
    assert.equal(generic.message, 'Incorrect username or password.');
    const right = await errorOf(() => passwordAuth(hiddenId, 'erin', PASSWORD));
    assert.equal(right.name, 'PasswordResetRequiredException');
  });

  it('is refused when the client does not enable it', async () => {
    const { poolId, clientId } = await poolAndClient(server, {}, { ExplicitAuthFlows: undefined });
    await confirmedUser(server, poolId, 'fred');
    const err = await errorOf(() => passwordAuth(clientId, 'fred', PASSWORD));
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.message, 'USER_PASSWORD_AUTH flow not enabled for this client');
  });

  it('checks SECRET_HASH over the alias or the internal username', async () => {
    const { poolId, clientId, clientSecret } = await poolAndClient(server, { UsernameAttributes: ['email'] }, { GenerateSecret: true });
    await confirmedUser(server, poolId, 'gina@example.com');
    const missing = await errorOf(() => passwordAuth(clientId, 'gina@example.com', PASSWORD));
    assert.equal(missing.message, `Client ${clientId} is configured for secret but secret was not received`);
    const wrong = await errorOf(() => passwordAuth(clientId, 'gina@example.com', PASSWORD, { SECRET_HASH: secretHash('x', 'gina@example.com', clientId) }));
    assert.equal(wrong.name, 'NotAuthorizedException');
    assert.equal(wrong.message, `Unable to verify secret hash for client ${clientId}`);

    const out = await passwordAuth(clientId, 'gina@example.com', PASSWORD, { SECRET_HASH: secretHash(clientSecret!, 'gina@example.com', clientId) });
    const internal = claims(out.AuthenticationResult!.IdToken!)['cognito:username'] as string;
    assert.match(internal, /^[0-9a-f-]{36}$/);
    const byInternal = await passwordAuth(clientId, 'gina@example.com', PASSWORD, { SECRET_HASH: secretHash(clientSecret!, internal, clientId) });
    assert.ok(byInternal.AuthenticationResult);
  });
});

describe('ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH', () => {
  const adminAuth = (poolId: string, clientId: string, flow: AuthFlowType, username: string, password: string) =>
    server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: flow, AuthParameters: { USERNAME: username, PASSWORD: password },
    }));

  it('signs in through AdminInitiateAuth under both names', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    await confirmedUser(server, poolId, 'hank');
    for (const flow of ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] as const) {
      assert.ok((await adminAuth(poolId, clientId, flow, 'hank', PASSWORD)).AuthenticationResult?.AccessToken);
    }
    const wrong = await errorOf(() => adminAuth(poolId, clientId, 'ADMIN_USER_PASSWORD_AUTH', 'hank', 'Wrong-Password1'));
    assert.equal(wrong.message, 'Incorrect username or password.');
  });

  it('is not available through InitiateAuth, nor on clients without the flow; USER_PASSWORD_AUTH is not AdminInitiateAuth\'s', async () => {
    const { poolId, clientId } = await poolAndClient(server, {}, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'] });
    await confirmedUser(server, poolId, 'ivy');
    const publicCall = await errorOf(() => server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ivy', PASSWORD },
    })));
    assert.equal(publicCall.name, 'InvalidParameterException');
    assert.equal(publicCall.message, 'Initiate Auth method not supported.');
    const publicFlow = await errorOf(() => adminAuth(poolId, clientId, 'USER_PASSWORD_AUTH', 'ivy', PASSWORD));
    assert.equal(publicFlow.name, 'InvalidParameterException');
    assert.equal(publicFlow.message, 'Initiate Auth method not supported.');
    const disabled = await errorOf(() => adminAuth(poolId, clientId, 'ADMIN_USER_PASSWORD_AUTH', 'ivy', PASSWORD));
    assert.equal(disabled.name, 'InvalidParameterException');
    assert.equal(disabled.message, 'ADMIN_USER_PASSWORD_AUTH flow not enabled for this client');
  });

  it('finds the client only in the named pool, and needs a signature', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    const other = await poolAndClient(server);
    await confirmedUser(server, poolId, 'jack');
    const elsewhere = await errorOf(() => adminAuth(other.poolId, clientId, 'ADMIN_USER_PASSWORD_AUTH', 'jack', PASSWORD));
    assert.equal(elsewhere.name, 'ResourceNotFoundException');
    const unsigned = await errorOf(() => server.anonymousClient.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jack', PASSWORD },
    })));
    assert.equal(unsigned.name, 'UnrecognizedClientException');
  });
});
