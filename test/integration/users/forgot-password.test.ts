import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminDisableUserCommand, AdminGetUserCommand, AdminResetUserPasswordCommand, AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand, ForgotPasswordCommand,
  type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

const setup = (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) =>
  poolAndClient(server, pool, client);

/** A confirmed user with the given contact attributes (verified) and password. */
async function confirmedUser(poolId: string, username: string, contacts: Record<string, string>): Promise<void> {
  const verified = Object.entries(contacts).flatMap(([Name, Value]) => [{ Name, Value }, { Name: `${Name}_verified`, Value: 'true' }]);
  await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, UserAttributes: verified, MessageAction: 'SUPPRESS' }));
  await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: 'Old-Password1', Permanent: true }));
}

async function codeSentTo(destination: string): Promise<string> {
  const [message] = await readMessages(server.services.store, server.services.vault, { destination, limit: 1 });
  assert.ok(message, `a message to ${destination}`);
  assert.equal(message.purpose, 'forgot');
  return /\d{6}/.exec(message.body)![0];
}

describe('ForgotPassword / ConfirmForgotPassword', () => {
  it('sends a code to the verified email, and the code sets a new password', async () => {
    const { poolId, clientId } = await setup();
    await confirmedUser(poolId, 'alice', { email: 'alice@example.com' });
    const out = await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'alice' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await codeSentTo('alice@example.com');

    const wrong = await errorOf(() => server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'alice', ConfirmationCode: 'nope', Password: 'New-Password1',
    })));
    assert.equal(wrong.name, 'CodeMismatchException');
    const weak = await errorOf(() => server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'alice', ConfirmationCode: code, Password: 'weak',
    })));
    assert.equal(weak.name, 'InvalidPasswordException');
    assert.equal(weak.message, 'Password did not conform with policy: Password not long enough');

    // The weak attempt did not spend the code.
    await server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'alice', ConfirmationCode: code, Password: 'New-Password1',
    }));
    const used = await errorOf(() => server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'alice', ConfirmationCode: code, Password: 'Other-Password1',
    })));
    assert.equal(used.name, 'ExpiredCodeException');
    assert.equal(used.message, 'Invalid code provided, please request a code again.');
  });

  it('follows the pool recovery order: the verified phone first when it has priority', async () => {
    const { poolId, clientId } = await setup({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 1 }, { Name: 'verified_email', Priority: 2 }] },
    });
    await confirmedUser(poolId, 'bob', { email: 'bob@example.com', phone_number: '+15557654321' });
    const out = await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'bob' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: '+*******4321', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    assert.ok(await codeSentTo('+15557654321'));
  });

  it('refuses users without a verified contact, and disabled users', async () => {
    const { poolId, clientId } = await setup();
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'carl', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'carl@example.com' }],
    }));
    const e = await errorOf(() => server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'carl' })));
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.message, 'Cannot reset password for the user as there is no registered/verified email or phone_number');

    await confirmedUser(poolId, 'dora', { email: 'dora@example.com' });
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    const disabled = await errorOf(() => server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'dora' })));
    assert.equal(disabled.name, 'NotAuthorizedException');
    assert.equal(disabled.message, 'User is disabled.');
  });

  it('admin_only recovery: ForgotPassword tells the user to contact the administrator', async () => {
    const { poolId, clientId } = await setup({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } });
    await confirmedUser(poolId, 'adam', { email: 'adam@example.com' });
    for (const Username of ['adam', 'nobody-here']) {
      const e = await errorOf(() => server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username })));
      assert.equal(e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'Contact administrator to reset password.');
    }
    assert.equal((await readMessages(server.services.store, server.services.vault, { destination: 'adam@example.com', limit: 1 })).length, 0);
  });

  it('AdminResetUserPassword refuses a disabled user, as Cognito does', async () => {
    const { poolId } = await setup();
    await confirmedUser(poolId, 'dina', { email: 'dina@example.com' });
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dina' }));
    const e = await errorOf(() => server.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'dina' })));
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'User is disabled.');
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dina' }))).UserStatus, 'CONFIRMED');
  });

  it('ends a RESET_REQUIRED state started by AdminResetUserPassword', async () => {
    const { poolId, clientId } = await setup();
    await confirmedUser(poolId, 'eve', { email: 'eve@example.com' });
    await server.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'eve' }));
    await server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'eve', ConfirmationCode: await codeSentTo('eve@example.com'), Password: 'New-Password1',
    }));
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
  });

  it('enforces the password history', async () => {
    const { poolId, clientId } = await setup({ Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: 3 } } });
    await confirmedUser(poolId, 'fred', { email: 'fred@example.com' });
    await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fred' }));
    const e = await errorOf(() => server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'fred', ConfirmationCode: 'whatever1', Password: 'Old-Password1',
    })));
    assert.equal(e.name, 'PasswordHistoryPolicyViolationException');
  });
});

describe('PreventUserExistenceErrors', () => {
  it('LEGACY reveals an unknown user', async () => {
    const { clientId } = await setup();
    const e = await errorOf(() => server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ghost' })));
    assert.equal(e.name, 'UserNotFoundException');
    assert.equal(e.message, 'Username/client id combination not found.');
    const c = await errorOf(() => server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'ghost', ConfirmationCode: '123456', Password: 'New-Password1',
    })));
    assert.equal(c.name, 'UserNotFoundException');
  });

  it('ENABLED answers an unknown user as if a code had been sent, and sends nothing', async () => {
    const { poolId, clientId } = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
    const before = (await readMessages(server.services.store, server.services.vault, { poolId, limit: 10 })).length;
    const out = await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ghost@example.com' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const phone = await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: '+15550009999' }));
    assert.equal(phone.CodeDeliveryDetails!.DeliveryMedium, 'SMS');
    assert.equal((await readMessages(server.services.store, server.services.vault, { poolId, limit: 10 })).length, before);

    // As for a real user: no code requested yet, then a wrong one.
    const confirm = () => errorOf(() => server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'ghost', ConfirmationCode: '123456', Password: 'New-Password1',
    })));
    assert.equal((await confirm()).name, 'ExpiredCodeException');
    await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ghost' }));
    const c = await confirm();
    assert.equal(c.name, 'CodeMismatchException');
    assert.equal(c.message, 'Invalid verification code provided, please try again.');
  });
});
