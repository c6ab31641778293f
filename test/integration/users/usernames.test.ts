/** Usernames as Cognito matches them: case-insensitive when the pool says so, aliases, and the dev fixed code. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminGetUserCommand, ConfirmSignUpCommand, ListUsersCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

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

describe('usernames and aliases in Unicode NFC', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  const nfd = (s: string) => s.normalize('NFD');
  const nfc = (s: string) => s.normalize('NFC');

  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolAndClient(server, { AliasAttributes: ['preferred_username'] }));
  });
  after(async () => { await server.stop(); });

  it('treats NFC and NFD spellings of a username as one account, keeping the name as typed', async () => {
    assert.notEqual(nfd('Zoë'), nfc('Zoë'));
    await confirmedUser(server, poolId, nfd('Zoë'));
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: nfc('Zoë') }));
    assert.equal(user.Username, nfd('Zoë'));
    const taken = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: nfc('Zoë'), MessageAction: 'SUPPRESS' })));
    assert.equal(taken.name, 'UsernameExistsException');
    const signedIn = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: nfc('Zoë'), PASSWORD },
    }));
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    const listed = await server.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: `username = "${nfc('Zoë')}"` }));
    assert.deepEqual(listed.Users?.map((u) => u.Username), [nfd('Zoë')]);
  });

  it('treats NFC and NFD spellings of an alias as one', async () => {
    await confirmedUser(server, poolId, 'jose1', [{ Name: 'preferred_username', Value: nfd('José') }]);
    const signedIn = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: nfc('José'), PASSWORD },
    }));
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    const taken = await errorOf(() => server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'jose2', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'preferred_username', Value: nfc('José') }],
    })));
    assert.equal(taken.name, 'AliasExistsException');
  });

  it('refuses, with a 400, a searchable value too long to index once lower-cased', async () => {
    let cjk = '';
    for (let i = 0; i < 1000; i++) cjk += String.fromCodePoint(0x4e00 + ((i * 7919) % 20000));
    for (const value of ['İ'.repeat(1100), cjk]) {
      const refused = await errorOf(() => server.client.send(new AdminCreateUserCommand({
        UserPoolId: poolId, Username: `long-${value.length}`, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: value }],
      })));
      assert.equal(refused.name, 'InvalidParameterException');
      assert.equal(refused.$metadata?.httpStatusCode, 400);
    }
    // The same length of characters that do not grow is fine.
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'long-ok', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: 'I'.repeat(1100) }],
    }));
  });
});
