/** Usernames as Cognito matches them: case-insensitive when the pool says so, aliases, and the dev fixed code. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand, ConfirmSignUpCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../helpers/server.ts';

describe('case-insensitive usernames and the development fixed code', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    server = await startTestServer({ dev: true, devFixedCode: '424242' });
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'ci', UsernameConfiguration: { CaseSensitive: false }, AutoVerifiedAttributes: ['email'],
    }));
    poolId = UserPool!.Id!;
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    clientId = UserPoolClient!.ClientId!;
  });
  after(async () => { await server.stop(); });

  it('matches usernames whatever their case, and keeps the case given at sign-up', async () => {
    await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'Alice', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
    }));
    const taken = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'ALICE', Password: 'Passw0rd!' })));
    assert.equal(taken.name, 'UsernameExistsException');

    // The fixed development code confirms the account.
    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: '424242' }));
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'aLiCe' }));
    assert.equal(user.Username, 'Alice');
    assert.equal(user.UserStatus, 'CONFIRMED');

    const signedIn = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'ALICE', PASSWORD: 'Passw0rd!' },
    }));
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
  });

  it('keeps case-sensitive pools case-sensitive (the API default)', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'cs' }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web' }));
    await server.anonymousClient.send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username: 'Bob', Password: 'Passw0rd!' }));
    await server.anonymousClient.send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username: 'bob', Password: 'Passw0rd!' }));
    const missing = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: UserPool!.Id!, Username: 'BOB' })));
    assert.equal(missing.name, 'UserNotFoundException');
  });
});
