import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminGetUserCommand, ConfirmSignUpCommand, 
  DescribeUserPoolCommand, ResendConfirmationCodeCommand, SignUpCommand,
  type AttributeType, type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

/** A pool that auto-verifies email (unless `pool` says otherwise) and an app client. */
const setup = (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) =>
  poolAndClient(server, { AutoVerifiedAttributes: ['email'], ...pool }, client);

const attrs = (list: AttributeType[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value!]));

/** The code in the newest message to `destination`, as a user would read it. */
async function codeSentTo(destination: string): Promise<string> {
  const [message] = await readMessages(server.services.store, server.services.vault, { destination, limit: 1 });
  assert.ok(message, `a message to ${destination}`);
  const code = /\d{6}/.exec(message.body)?.[0];
  assert.ok(code, message.body);
  return code;
}

const PASSWORD = 'Sign-Up-Pass1';

describe('SignUp', () => {
  it('creates an UNCONFIRMED user and sends the confirmation code by email; the code confirms the user', async () => {
    const { poolId, clientId } = await setup();
    const out = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'alice', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
    }));
    assert.equal(out.UserConfirmed, false);
    assert.match(out.UserSub!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });

    const [message] = await readMessages(server.services.store, server.services.vault, { destination: 'alice@example.com', limit: 1 });
    assert.equal(message!.subject, 'Your verification code');
    assert.equal(message!.purpose, 'signup');
    assert.match(message!.body, /^Your verification code is \d{6}\. $/);
    // At rest the body (and so the live code) is sealed: a copy of the database shows neither.
    const [raw] = await server.services.store.outbox.list({ destination: 'alice@example.com', limit: 1 });
    const sentCode = /\d{6}/.exec(message!.body)![0];
    assert.ok(!raw!.body.includes(sentCode) && !raw!.body.includes('verification'), 'the stored body is sealed');

    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(user.UserStatus, 'UNCONFIRMED');
    assert.equal(attrs(user.UserAttributes).sub, out.UserSub);
    const pool = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 1);

    const wrong = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: '000000x' })));
    assert.equal(wrong.name, 'CodeMismatchException');
    assert.equal(wrong.message, 'Invalid verification code provided, please try again.');

    const code = await codeSentTo('alice@example.com');
    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: code }));
    const confirmed = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(confirmed.UserStatus, 'CONFIRMED');
    assert.equal(attrs(confirmed.UserAttributes).email_verified, 'true');

    const again = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: code })));
    assert.equal(again.name, 'NotAuthorizedException');
    assert.equal(again.message, 'User cannot be confirmed. Current status is CONFIRMED');
  });

  it('refuses taken usernames, schema violations, unwritable attributes and weak passwords', async () => {
    const { clientId } = await setup(
      { Schema: [{ Name: 'name', Required: true }, { Name: 'tier', AttributeDataType: 'String' }] },
      { WriteAttributes: ['email', 'name'] },
    );
    const base = { ClientId: clientId, Password: PASSWORD, UserAttributes: [{ Name: 'name', Value: 'B' }] };
    await server.anonymousClient.send(new SignUpCommand({ ...base, Username: 'bob' }));
    const cases: [Partial<ConstructorParameters<typeof SignUpCommand>[0]>, string, string][] = [
      [{ Username: 'bob' }, 'UsernameExistsException', 'User already exists'],
      [{ Username: 'c1', UserAttributes: [] }, 'InvalidParameterException', 'Attributes did not conform to the schema: name: The attribute is required'],
      [{ Username: 'c2', UserAttributes: [{ Name: 'name', Value: 'B' }, { Name: 'shoe', Value: '9' }] }, 'InvalidParameterException',
        'Attributes did not conform to the schema: shoe: Attribute does not exist in the schema.'],
      [{ Username: 'c3', UserAttributes: [{ Name: 'name', Value: 'B' }, { Name: 'custom:tier', Value: 'gold' }] }, 'NotAuthorizedException',
        'A client attempted to write unauthorized attribute'],
      [{ Username: 'c4', UserAttributes: [{ Name: 'name', Value: 'B' }, { Name: 'email_verified', Value: 'true' }] }, 'NotAuthorizedException',
        'A client attempted to write unauthorized attribute'],
      [{ Username: 'c5', Password: 'Short1!' }, 'InvalidPasswordException', 'Password did not conform with policy: Password not long enough'],
      [{ Username: 'c6', Password: 'NOLOWERCASE1!' }, 'InvalidPasswordException', 'Password did not conform with policy: Password must have lowercase characters'],
    ];
    for (const [input, name, message] of cases) {
      const e = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ...base, Username: 'x', ...input })));
      assert.equal(e.name, name, JSON.stringify(input));
      assert.equal(e.message, message, JSON.stringify(input));
    }
  });

  it('refuses sign-up when only administrators may create users, and unknown clients', async () => {
    const { clientId } = await setup({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    const e = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'dan', Password: PASSWORD })));
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'SignUp is not permitted for this user pool');
    const unknown = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: 'nosuchclient', Username: 'dan', Password: PASSWORD })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
  });

  it('checks the SECRET_HASH of a client with a secret', async () => {
    const { clientId, clientSecret: secret } = await setup({}, { GenerateSecret: true });
    const missing = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'erin', Password: PASSWORD })));
    assert.equal(missing.name, 'NotAuthorizedException');
    assert.equal(missing.message, `Client ${clientId} is configured for secret but secret was not received`);
    const bad = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'erin', Password: PASSWORD, SecretHash: 'AAAA' })));
    assert.equal(bad.message, `Unable to verify secret hash for client ${clientId}`);
    const hash = createHmac('sha256', secret!).update(`erin${clientId}`).digest('base64');
    const ok = await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'erin', Password: PASSWORD, SecretHash: hash }));
    assert.equal(ok.UserConfirmed, false);
  });

  it('with email as username: the username is the sub, the email is set from it, and an email signs up once', async () => {
    const { poolId, clientId } = await setup({ UsernameAttributes: ['email'] });
    const out = await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'fay@example.com', Password: PASSWORD }));
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fay@example.com' }));
    assert.equal(user.Username, out.UserSub);
    assert.equal(attrs(user.UserAttributes).email, 'fay@example.com');
    assert.equal(out.CodeDeliveryDetails!.DeliveryMedium, 'EMAIL');

    const dup = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'fay@example.com', Password: PASSWORD })));
    assert.equal(dup.name, 'UsernameExistsException');
    assert.equal(dup.message, 'An account with the given email already exists.');
    const notEmail = await errorOf(() => server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'fay', Password: PASSWORD })));
    assert.equal(notEmail.name, 'InvalidParameterException');
    assert.equal(notEmail.message, 'Username should be an email.');

    // Confirming by the email works as the username does.
    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'fay@example.com', ConfirmationCode: await codeSentTo('fay@example.com') }));
  });

  it('sends the code by SMS when the phone number is auto-verified', async () => {
    const { clientId } = await setup({ AutoVerifiedAttributes: ['email', 'phone_number'] });
    const out = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'gus', Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'gus@example.com' }, { Name: 'phone_number', Value: '+15551234567' }],
    }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: '+*******4567', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    assert.ok(await codeSentTo('+15551234567'));
  });
});

describe('ConfirmSignUp with an email alias', () => {
  it('refuses a verified email another user holds, unless ForceAliasCreation moves it', async () => {
    const { poolId, clientId } = await setup({ AliasAttributes: ['email'] });
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'holder', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'same@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'newbie', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'same@example.com' }] }));
    const code = await codeSentTo('same@example.com');
    const e = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'newbie', ConfirmationCode: code })));
    assert.equal(e.name, 'AliasExistsException');
    assert.equal(e.message, 'An account with the given email already exists.');

    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'newbie', ConfirmationCode: code, ForceAliasCreation: true }));
    const byEmail = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'same@example.com' }));
    assert.equal(byEmail.Username, 'newbie');
    const holder = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'holder' }));
    assert.equal(attrs(holder.UserAttributes).email_verified, 'false');
  });
});

describe('ResendConfirmationCode / AdminConfirmSignUp', () => {
  it('sends a new code that replaces the old one, up to 5 times an hour', async () => {
    const { clientId } = await setup();
    await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'hal', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }] }));
    const first = await codeSentTo('hal@example.com');
    const out = await server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'h***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const second = await codeSentTo('hal@example.com');
    if (first !== second) {
      const stale = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: first })));
      assert.equal(stale.name, 'CodeMismatchException');
    }
    for (let i = 0; i < 4; i++) await server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' }));
    const limited = await errorOf(() => server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' })));
    assert.equal(limited.name, 'LimitExceededException');
    assert.equal(limited.message, 'Attempt limit exceeded, please try after some time.');

    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: await codeSentTo('hal@example.com') }));
    const confirmed = await errorOf(() => server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' })));
    assert.equal(confirmed.name, 'InvalidParameterException');
    assert.equal(confirmed.message, 'User is already confirmed.');
  });

  it('answers unknown users per PreventUserExistenceErrors', async () => {
    const legacy = await setup();
    const e = await errorOf(() => server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: legacy.clientId, Username: 'ghost' })));
    assert.equal(e.name, 'UserNotFoundException');
    assert.equal(e.message, 'Username/client id combination not found.');
    const c = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: legacy.clientId, Username: 'ghost', ConfirmationCode: '123456' })));
    assert.equal(c.name, 'UserNotFoundException');

    const hidden = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
    const out = await server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: hidden.clientId, Username: 'ghost@example.com' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const h = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: hidden.clientId, Username: 'ghost', ConfirmationCode: '123456' })));
    assert.equal(h.name, 'CodeMismatchException');
  });

  it('AdminConfirmSignUp confirms without verifying anything', async () => {
    const { poolId, clientId } = await setup();
    await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'ida', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ida@example.com' }] }));
    await server.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'ida' }));
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ida' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(attrs(user.UserAttributes).email_verified, undefined);
    const again = await errorOf(() => server.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'ida' })));
    assert.equal(again.name, 'NotAuthorizedException');
    assert.equal(again.message, 'User cannot be confirmed. Current status is CONFIRMED');
  });
});
