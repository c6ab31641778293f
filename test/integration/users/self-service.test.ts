import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminUpdateUserAttributesCommand,
  AdminGetUserCommand, ChangePasswordCommand,
  DeleteUserAttributesCommand, DeleteUserCommand,
  DescribeUserPoolCommand, GetUserAttributeVerificationCodeCommand, GetUserCommand, UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
  type AttributeType, type CreateUserPoolClientCommandInput, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';
import { CognitoUser, CognitoUserAttribute, CognitoUserPool } from 'amazon-cognito-identity-js';
import { identityJsSignIn, signIn } from '../../helpers/user-session.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

const PASSWORD = 'Password-1';

const setup = (pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) =>
  poolAndClient(server, pool, client);

/** A confirmed user with a permanent password, signed in through the app client. */
async function signedInUser(poolId: string, clientId: string, username: string, attributes: AttributeType[] = []) {
  await confirmedUser(server, poolId, username, attributes, PASSWORD);
  return signIn(server, { poolId, clientId, username, password: PASSWORD });
}

const attrs = (list: AttributeType[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value!]));

async function codeSentTo(destination: string): Promise<string> {
  const [message] = await readMessages(server.services.store, server.services.vault, { destination, limit: 1 });
  assert.ok(message, `a message to ${destination}`);
  assert.equal(message.purpose, 'verify');
  return /\d{6}/.exec(message.body)![0];
}

const verified = (name: string, value: string): AttributeType[] => [{ Name: name, Value: value }, { Name: `${name}_verified`, Value: 'true' }];

describe('GetUser', () => {
  it('returns the signed-in user and their attributes, sub first', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'alice', [...verified('email', 'alice@example.com'), { Name: 'given_name', Value: 'Alice' }]);
    const out = await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    assert.equal(out.Username, 'alice');
    assert.equal(out.UserAttributes![0]!.Name, 'sub');
    const a = attrs(out.UserAttributes);
    assert.equal(a.email, 'alice@example.com');
    assert.equal(a.email_verified, 'true');
    assert.equal(a.given_name, 'Alice');
    assert.equal(out.PreferredMfaSetting, undefined);
    assert.equal(out.UserMFASettingList, undefined);
  });

  it("shows only the attributes the token's app client may read", async () => {
    const { poolId, clientId } = await setup({}, { ReadAttributes: ['email', 'email_verified'] });
    const tokens = await signedInUser(poolId, clientId, 'bob', [...verified('email', 'bob@example.com'), { Name: 'given_name', Value: 'Bob' }]);
    const out = await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    assert.deepEqual(Object.keys(attrs(out.UserAttributes)).sort(), ['email', 'email_verified', 'sub']);
  });

  it('refuses an ID token, a forged token and garbage as the access token', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'carl');
    const [header, payload] = tokens.AccessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), username: 'admin' })).toString('base64url');
    for (const token of [tokens.IdToken, `${header}.${forgedPayload}.${tokens.AccessToken.split('.')[2]}`, 'not-a-token']) {
      const e = await errorOf(() => server.anonymousClient.send(new GetUserCommand({ AccessToken: token })));
      assert.equal(e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'Invalid Access Token');
    }
  });

  it('refuses the tokens of a disabled user', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'dora');
    const { AdminDisableUserCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    const e = await errorOf(() => server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken })));
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'User is disabled.');
  });
});

describe('access-token operations', () => {
  it('report a malformed input before a bad token, and a bad token before their own checks', async () => {
    const malformed = await errorOf(() => server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: 'not-a-token', PreviousPassword: PASSWORD, ProposedPassword: 'x'.repeat(300),
    })));
    assert.equal(malformed.name, 'InvalidParameterException');
    assert.match(malformed.message, /'proposedPassword' failed to satisfy constraint: Member must have length less than or equal to 256/);
    const badToken = await errorOf(() => server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: 'not-a-token', UserAttributes: [{ Name: 'custom:unknown', Value: 'v' }],
    })));
    assert.equal(badToken.name, 'NotAuthorizedException');
    assert.equal(badToken.message, 'Invalid Access Token');
  });
});

describe('UpdateUserAttributes', () => {
  it('writes attributes; an empty value removes one', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'erin', [{ Name: 'family_name', Value: 'Old' }]);
    const out = await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'given_name', Value: 'Erin' }, { Name: 'family_name', Value: '' }],
    }));
    assert.equal(out.CodeDeliveryDetailsList, undefined);
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    const a = attrs(user.UserAttributes);
    assert.equal(a.given_name, 'Erin');
    assert.equal(a.family_name, undefined);
  });

  it("refuses attributes outside the client's WriteAttributes, verification flags and unknown ones", async () => {
    const { poolId, clientId } = await setup({}, { WriteAttributes: ['given_name', 'email'] });
    const tokens = await signedInUser(poolId, clientId, 'fay');
    for (const Name of ['family_name', 'email_verified']) {
      const e = await errorOf(() => server.anonymousClient.send(new UpdateUserAttributesCommand({
        AccessToken: tokens.AccessToken, UserAttributes: [{ Name, Value: Name === 'email_verified' ? 'true' : 'x' }],
      })));
      assert.equal(e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'A client attempted to write unauthorized attribute');
    }
    const unknown = await errorOf(() => server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'custom:nope', Value: 'x' }],
    })));
    assert.equal(unknown.name, 'InvalidParameterException');
    assert.equal(unknown.message, 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.');
  });

  it('unverifies a changed email and sends a code when the pool auto-verifies email; the code verifies it', async () => {
    const { poolId, clientId } = await setup({ AutoVerifiedAttributes: ['email'] });
    const tokens = await signedInUser(poolId, clientId, 'gus', verified('email', 'gus@example.com'));
    const out = await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'gus@new.example.com' }],
    }));
    assert.deepEqual(out.CodeDeliveryDetailsList, [{ Destination: 'g***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    let user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gus' }));
    assert.equal(attrs(user.UserAttributes).email, 'gus@new.example.com');
    assert.equal(attrs(user.UserAttributes).email_verified, 'false');
    const code = await codeSentTo('gus@new.example.com');

    const wrong = await errorOf(() => server.anonymousClient.send(new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code === '000000' ? '111111' : '000000',
    })));
    assert.equal(wrong.name, 'CodeMismatchException');
    assert.equal(wrong.message, 'Invalid verification code provided, please try again.');
    await server.anonymousClient.send(new VerifyUserAttributeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code }));
    user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gus' }));
    assert.equal(attrs(user.UserAttributes).email_verified, 'true');

    const reused = await errorOf(() => server.anonymousClient.send(new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code,
    })));
    assert.equal(reused.name, 'ExpiredCodeException');
    assert.equal(reused.message, 'Invalid code provided, please request a code again.');
  });

  it('sends no code when the pool does not auto-verify the attribute', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'hal', verified('email', 'hal@example.com'));
    const out = await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'hal@new.example.com' }],
    }));
    assert.equal(out.CodeDeliveryDetailsList, undefined);
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'hal' }));
    assert.equal(attrs(user.UserAttributes).email_verified, 'false');
  });

  it('keeps the original verified email until the new one is verified (AttributesRequireVerificationBeforeUpdate)', async () => {
    const { poolId, clientId } = await setup({
      AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    const described = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(described.UserPool!.UserAttributeUpdateSettings, { AttributesRequireVerificationBeforeUpdate: ['email'] });
    const tokens = await signedInUser(poolId, clientId, 'ivy', verified('email', 'ivy@example.com'));
    const out = await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'ivy@new.example.com' }, { Name: 'given_name', Value: 'Ivy' }],
    }));
    assert.deepEqual(out.CodeDeliveryDetailsList, [{ Destination: 'i***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);

    // The old address stays in force (and remains the sign-in alias); the other change applies at once.
    let me = attrs((await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes);
    assert.equal(me.email, 'ivy@example.com');
    assert.equal(me.email_verified, 'true');
    assert.equal(me.given_name, 'Ivy');
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy@example.com' }))).Username, 'ivy');

    // A code can be re-sent: it goes to the new address, which is what it verifies.
    const resent = await server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email' }));
    assert.deepEqual(resent.CodeDeliveryDetails, { Destination: 'i***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await codeSentTo('ivy@new.example.com');
    await server.anonymousClient.send(new VerifyUserAttributeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code }));

    me = attrs((await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes);
    assert.equal(me.email, 'ivy@new.example.com');
    assert.equal(me.email_verified, 'true');
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy@new.example.com' }))).Username, 'ivy');
    const old = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy@example.com' })));
    assert.equal(old.name, 'UserNotFoundException');
  });

  it('lets an admin verify a held-back email, which then takes effect', async () => {
    const { poolId, clientId } = await setup({
      AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    const tokens = await signedInUser(poolId, clientId, 'lou', verified('email', 'lou@example.com'));
    await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'lou@new.example.com' }],
    }));
    await server.client.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId, Username: 'lou', UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
    }));
    const user = attrs((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lou' }))).UserAttributes);
    assert.equal(user.email, 'lou@new.example.com');
    assert.equal(user.email_verified, 'true');
  });

  it('voids a verification code when an admin replaces the address it was sent to', async () => {
    const { poolId, clientId } = await setup({});
    const tokens = await signedInUser(poolId, clientId, 'max', verified('email', 'max@example.com'));
    await server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email' }));
    const staleCode = await codeSentTo('max@example.com');
    await server.client.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId, Username: 'max', UserAttributes: [{ Name: 'email', Value: 'max@other.example.com' }],
    }));
    const e = await errorOf(() => server.anonymousClient.send(new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'email', Code: staleCode,
    })));
    assert.equal(e.name, 'ExpiredCodeException');
  });

  it('refuses to verify an email that another user holds as a verified alias', async () => {
    const { poolId, clientId } = await setup({ AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    await signedInUser(poolId, clientId, 'jan', verified('email', 'shared@example.com'));
    const tokens = await signedInUser(poolId, clientId, 'kim', verified('email', 'kim@example.com'));
    await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }],
    }));
    const code = await codeSentTo('shared@example.com');
    const e = await errorOf(() => server.anonymousClient.send(new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code,
    })));
    assert.equal(e.name, 'AliasExistsException');
    assert.equal(e.message, 'An account with the given email already exists.');
  });
});

describe('GetUserAttributeVerificationCode / VerifyUserAttribute', () => {
  it('sends a code to the phone number and verifies it', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'lee', [{ Name: 'phone_number', Value: '+15551234567' }]);
    const out = await server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'phone_number' }));
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: '+*******4567', DeliveryMedium: 'SMS', AttributeName: 'phone_number' });
    const code = await codeSentTo('+15551234567');
    await server.anonymousClient.send(new VerifyUserAttributeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'phone_number', Code: code }));
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lee' }));
    assert.equal(attrs(user.UserAttributes).phone_number_verified, 'true');
  });

  it('refuses attributes that cannot be verified, and missing values', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'max');
    const wrongName = await errorOf(() => server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'given_name',
    })));
    assert.equal(wrongName.name, 'InvalidParameterException');
    assert.equal(wrongName.message, 'Invalid attribute name. Only phone_number and email can be verified.');
    const noPhone = await errorOf(() => server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'phone_number',
    })));
    assert.equal(noPhone.name, 'InvalidParameterException');
    assert.equal(noPhone.message, 'User does not have a valid registered phone number');
    const noValue = await errorOf(() => server.anonymousClient.send(new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'phone_number', Code: '123456',
    })));
    assert.equal(noValue.name, 'InvalidParameterException');
    assert.equal(noValue.message, 'Unable to verify attribute: phone_number no value set to verify');
  });

  it('voids a code when the address it was sent to changes', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'mia', [{ Name: 'email', Value: 'mia@example.com' }]);
    await server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email' }));
    const code = await codeSentTo('mia@example.com');
    await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'mia@other.example.com' }],
    }));
    const e = await errorOf(() => server.anonymousClient.send(new VerifyUserAttributeCommand({
      AccessToken: tokens.AccessToken, AttributeName: 'email', Code: code,
    })));
    assert.equal(e.name, 'ExpiredCodeException');
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mia' }));
    assert.equal(attrs(user.UserAttributes).email_verified, 'false');
  });

  it('limits code requests to 5 an hour per user', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'ned', [{ Name: 'email', Value: 'ned@example.com' }]);
    const send = () => server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: tokens.AccessToken, AttributeName: 'email' }));
    for (let i = 0; i < 5; i++) await send();
    const e = await errorOf(send);
    assert.equal(e.name, 'LimitExceededException');
    assert.equal(e.message, 'Attempt limit exceeded, please try after some time.');
  });
});

describe('DeleteUserAttributes', () => {
  it('removes attributes, and an email with its verification', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'olga', [...verified('email', 'olga@example.com'), { Name: 'nickname', Value: 'O' }]);
    await server.anonymousClient.send(new DeleteUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributeNames: ['nickname', 'email'] }));
    const a = attrs((await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).UserAttributes);
    assert.deepEqual(Object.keys(a), ['sub']);
  });

  it('refuses required, unwritable and unknown attributes', async () => {
    const { poolId, clientId } = await setup(
      { Schema: [{ Name: 'email', Required: true }] },
      { WriteAttributes: ['email', 'given_name'] },
    );
    const tokens = await signedInUser(poolId, clientId, 'pia', [{ Name: 'email', Value: 'pia@example.com' }, { Name: 'nickname', Value: 'P' }]);
    const cases: [string, string, string][] = [
      ['email', 'InvalidParameterException', 'Attributes did not conform to the schema: email: The attribute is required'],
      ['nickname', 'NotAuthorizedException', 'A client attempted to write unauthorized attribute'],
      ['email_verified', 'NotAuthorizedException', 'A client attempted to write unauthorized attribute'],
      ['custom:nope', 'InvalidParameterException', 'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.'],
    ];
    for (const [name, type, message] of cases) {
      const e = await errorOf(() => server.anonymousClient.send(new DeleteUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributeNames: [name] })));
      assert.equal(e.name, type, name);
      assert.equal(e.message, message, name);
    }
  });
});

describe('ChangePassword', () => {
  it('changes the password when the previous one is right', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'quinn');
    const wrong = await errorOf(() => server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, PreviousPassword: 'Wrong-Password1', ProposedPassword: 'New-Password1',
    })));
    assert.equal(wrong.name, 'NotAuthorizedException');
    assert.equal(wrong.message, 'Incorrect username or password.');
    const missing = await errorOf(() => server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, ProposedPassword: 'New-Password1',
    })));
    assert.equal(missing.name, 'NotAuthorizedException');

    await server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'New-Password1',
    }));
    // The new password signs in; the old one does not.
    await signIn(server, { poolId, clientId, username: 'quinn', password: 'New-Password1' });
    const old = await errorOf(() => signIn(server, { poolId, clientId, username: 'quinn', password: PASSWORD }));
    assert.equal(old.name, 'NotAuthorizedException');
    assert.equal(old.message, 'Incorrect username or password.');
  });

  it('enforces the policy and the password history', async () => {
    const { poolId, clientId } = await setup({ Policies: { PasswordPolicy: { MinimumLength: 10, PasswordHistorySize: 2 } } });
    const tokens = await signedInUser(poolId, clientId, 'rita');
    const weak = await errorOf(() => server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Short-1',
    })));
    assert.equal(weak.name, 'InvalidPasswordException');
    assert.equal(weak.message, 'Password did not conform with policy: Password not long enough');
    await server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Second-Password1',
    }));
    const reused = await errorOf(() => server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, PreviousPassword: 'Second-Password1', ProposedPassword: PASSWORD,
    })));
    assert.equal(reused.name, 'PasswordHistoryPolicyViolationException');
    assert.equal(reused.message, 'The password provided has been used previously.');
  });

  it('allows 5 attempts an hour per user', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'sam');
    const attempt = () => server.anonymousClient.send(new ChangePasswordCommand({
      AccessToken: tokens.AccessToken, PreviousPassword: 'Wrong-Password1', ProposedPassword: 'New-Password1',
    }));
    for (let i = 0; i < 5; i++) assert.equal((await errorOf(attempt)).name, 'NotAuthorizedException');
    const e = await errorOf(attempt);
    assert.equal(e.name, 'LimitExceededException');
    assert.equal(e.message, 'Attempt limit exceeded, please try after some time.');
  });
});

describe('DeleteUser', () => {
  it('deletes the signed-in user, whose tokens then name nobody', async () => {
    const { poolId, clientId } = await setup();
    const tokens = await signedInUser(poolId, clientId, 'tom');
    await server.anonymousClient.send(new DeleteUserCommand({ AccessToken: tokens.AccessToken }));
    const gone = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'tom' })));
    assert.equal(gone.name, 'UserNotFoundException');
    const e = await errorOf(() => server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.AccessToken })));
    assert.equal(e.name, 'UserNotFoundException');
    assert.equal(e.message, 'User does not exist.');
    const pool = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 0);
  });
});

/** Node-style callback → promise, for amazon-cognito-identity-js. */
const call = <T>(fn: (cb: (err: Error | undefined | null, result?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result as T))));

describe('amazon-cognito-identity-js', () => {
  it('reads and updates attributes, verifies an email, changes the password and deletes attributes', async () => {
    const { poolId, clientId } = await setup({ AutoVerifiedAttributes: ['email'] });
    await signedInUser(poolId, clientId, 'uma', [{ Name: 'email', Value: 'uma@example.com' }, { Name: 'nickname', Value: 'U' }]);
    const user = await identityJsSignIn(server, { poolId, clientId, username: 'uma', password: PASSWORD });

    const list = await call<CognitoUserAttribute[]>((cb) => user.getUserAttributes(cb));
    assert.equal(list.find((a) => a.getName() === 'email')?.getValue(), 'uma@example.com');

    const updated = await call<string>((cb) => user.updateAttributes(
      [new CognitoUserAttribute({ Name: 'email', Value: 'uma@new.example.com' }), new CognitoUserAttribute({ Name: 'given_name', Value: 'Uma' })], cb,
    ));
    assert.equal(updated, 'SUCCESS');
    const code = await codeSentTo('uma@new.example.com');
    await new Promise<void>((resolve, reject) => user.verifyAttribute('email', code, { onSuccess: () => resolve(), onFailure: reject }));
    const delivery = await new Promise<unknown>((resolve, reject) => user.getAttributeVerificationCode('email', {
      onSuccess: () => reject(new Error('expected inputVerificationCode')), onFailure: reject, inputVerificationCode: resolve,
    }));
    assert.deepEqual(delivery, { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'u***@n***' } });

    await call<string>((cb) => user.deleteAttributes(['nickname'], cb));
    const after = Object.fromEntries((await call<CognitoUserAttribute[]>((cb) => user.getUserAttributes(cb))).map((a) => [a.getName(), a.getValue()]));
    assert.equal(after.email, 'uma@new.example.com');
    assert.equal(after.email_verified, 'true');
    assert.equal(after.given_name, 'Uma');
    assert.equal(after.nickname, undefined);

    const wrong = await errorOf(() => call((cb) => user.changePassword('Wrong-Password1', 'New-Password1', cb)));
    assert.equal(wrong.name, 'NotAuthorizedException');
    assert.equal(wrong.message, 'Incorrect username or password.');
    assert.equal(await call<string>((cb) => user.changePassword(PASSWORD, 'New-Password1', cb)), 'SUCCESS');
    await identityJsSignIn(server, { poolId, clientId, username: 'uma', password: 'New-Password1' });
  });

  it('resets a forgotten password with forgotPassword / confirmPassword', async () => {
    const { poolId, clientId } = await setup();
    await signedInUser(poolId, clientId, 'vic', verified('email', 'vic@example.com'));
    const user = new CognitoUser({ Username: 'vic', Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url }) });
    const delivery = await new Promise<unknown>((resolve, reject) => user.forgotPassword({
      onSuccess: () => reject(new Error('expected inputVerificationCode')), onFailure: reject, inputVerificationCode: resolve,
    }));
    assert.deepEqual(delivery, { CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'v***@e***' } });
    const [message] = await readMessages(server.services.store, server.services.vault, { destination: 'vic@example.com', limit: 1 });
    const code = /\d{6}/.exec(message!.body)![0];
    await new Promise<void>((resolve, reject) => user.confirmPassword(code, 'Reset-Password1', { onSuccess: () => resolve(), onFailure: reject }));
    await identityJsSignIn(server, { poolId, clientId, username: 'vic', password: 'Reset-Password1' });
  });

  it('deletes the user', async () => {
    const { poolId, clientId } = await setup();
    await signedInUser(poolId, clientId, 'wes');
    const user = await identityJsSignIn(server, { poolId, clientId, username: 'wes', password: PASSWORD });
    assert.equal(await call<string>((cb) => user.deleteUser(cb)), 'SUCCESS');
    const gone = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'wes' })));
    assert.equal(gone.name, 'UserNotFoundException');
  });
});
