import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminDeleteUserAttributesCommand, AdminDeleteUserCommand,
  AdminDisableUserCommand, AdminEnableUserCommand, AdminGetUserCommand, AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand, AdminUpdateUserAttributesCommand, CreateUserPoolCommand, DescribeUserPoolCommand,
  UpdateUserPoolCommand, type AttributeType, type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.stop(); });

let poolCounter = 0;
async function createPool(extra: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
  const out = await server.client.send(new CreateUserPoolCommand({ PoolName: `admin-users-${++poolCounter}`, ...extra }));
  return out.UserPool!.Id!;
}

const attrs = (list: AttributeType[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value!]));

async function lastMessage(destination: string) {
  const [message] = await readMessages(server.services.store, server.services.vault, { destination, limit: 1 });
  assert.ok(message, `a message to ${destination}`);
  return message;
}

describe('AdminCreateUser', () => {
  it('uses the pool as UpdateUserPool just left it (the cached configuration is fresh after a write)', async () => {
    const poolId = await createPool();
    const invite = async (name: string) => {
      await server.client.send(new AdminCreateUserCommand({
        UserPoolId: poolId, Username: name, DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }],
      }));
      return lastMessage(`${name}@example.com`);
    };
    assert.equal((await invite('before-update')).subject, 'Your temporary password');
    await server.client.send(new UpdateUserPoolCommand({
      UserPoolId: poolId,
      AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: 'Welcome aboard', EmailMessage: 'Hello {username}, use {####}' } },
    }));
    const message = await invite('after-update');
    assert.equal(message.subject, 'Welcome aboard');
    assert.match(message.body, /^Hello after-update, use \S+$/);
  });

  it('creates a FORCE_CHANGE_PASSWORD user with a sub and sends the invitation by email', async () => {
    const poolId = await createPool();
    const out = await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'alice',
      UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }],
      DesiredDeliveryMediums: ['EMAIL'],
    }));
    const user = out.User!;
    assert.equal(user.Username, 'alice');
    assert.equal(user.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(user.Enabled, true);
    assert.ok(user.UserCreateDate instanceof Date);
    const a = attrs(user.Attributes);
    assert.match(a.sub!, /^[0-9a-f-]{36}$/);
    assert.equal(a.email, 'alice@example.com');
    assert.equal(a.email_verified, 'true');
    assert.equal(user.Attributes![0]!.Name, 'sub');

    const message = await lastMessage('alice@example.com');
    assert.equal(message.channel, 'EMAIL');
    assert.equal(message.subject, 'Your temporary password');
    const match = /^Your username is alice and temporary password is (\S+)\. $/.exec(message.body);
    assert.ok(match, message.body);
    // The generated temporary password satisfies the default policy.
    assert.match(match[1]!, /[A-Z]/);
    assert.match(match[1]!, /[a-z]/);
    assert.match(match[1]!, /[0-9]/);
    assert.ok(match[1]!.length >= 8);

    const pool = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 1);
  });

  it('uses the pool invitation template and the given temporary password; SUPPRESS sends nothing', async () => {
    const poolId = await createPool({
      AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Hi {username}, code {####}', EmailMessage: 'E {username} {####}', EmailSubject: 'Welcome' } },
    });
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'bob', TemporaryPassword: 'Temp-Pass1',
      UserAttributes: [{ Name: 'phone_number', Value: '+15550001111' }],
    }));
    const sms = await lastMessage('+15550001111');
    assert.equal(sms.channel, 'SMS');
    assert.equal(sms.body, 'Hi bob, code Temp-Pass1');

    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'carol', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'phone_number', Value: '+15550002222' }],
    }));
    assert.equal((await readMessages(server.services.store, server.services.vault, { destination: '+15550002222', limit: 5 })).length, 0);
  });

  it('RESEND issues a new temporary password to an existing invited user', async () => {
    const poolId = await createPool();
    const create = { UserPoolId: poolId, Username: 'dave', UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }], DesiredDeliveryMediums: ['EMAIL' as const] };
    await server.client.send(new AdminCreateUserCommand({ ...create, TemporaryPassword: 'First-Pass1' }));
    const again = await server.client.send(new AdminCreateUserCommand({ ...create, TemporaryPassword: 'Second-Pass1', MessageAction: 'RESEND' }));
    assert.equal(again.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.match((await lastMessage('dave@example.com')).body, /Second-Pass1/);

    const missing = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'nobody', MessageAction: 'RESEND' })));
    assert.equal(missing.name, 'UserNotFoundException');
    assert.equal(missing.message, 'User does not exist.');

    await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'dave', Password: 'Perm-Pass1', Permanent: true }));
    const confirmed = await errorOf(() => server.client.send(new AdminCreateUserCommand({ ...create, MessageAction: 'RESEND' })));
    assert.equal(confirmed.name, 'UnsupportedUserStateException');
    assert.equal(confirmed.message, 'Resend not possible. dave status is not FORCE_CHANGE_PASSWORD');
  });

  it('refuses duplicates, bad attributes, weak temporary passwords and unreachable mediums', async () => {
    const poolId = await createPool();
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'erin', MessageAction: 'SUPPRESS' }));
    const cases: [Partial<ConstructorParameters<typeof AdminCreateUserCommand>[0]>, string, string][] = [
      [{ Username: 'erin' }, 'UsernameExistsException', 'User account already exists'],
      [{ Username: 'x1', UserAttributes: [{ Name: 'favorite', Value: 'x' }] }, 'InvalidParameterException',
        'Attributes did not conform to the schema: favorite: Attribute does not exist in the schema.'],
      [{ Username: 'x2', UserAttributes: [{ Name: 'sub', Value: 'x' }] }, 'InvalidParameterException', 'Cannot modify the non-mutable attribute sub'],
      [{ Username: 'x3', UserAttributes: [{ Name: 'email', Value: 'not-an-email' }] }, 'InvalidParameterException', 'Invalid email address format.'],
      [{ Username: 'x4', UserAttributes: [{ Name: 'phone_number', Value: '555-1234' }] }, 'InvalidParameterException', 'Invalid phone number format.'],
      [{ Username: 'x5', TemporaryPassword: 'short' }, 'InvalidPasswordException', 'Password did not conform with policy: Password not long enough'],
      [{ Username: 'x6', TemporaryPassword: 'alllowercase1!' }, 'InvalidPasswordException', 'Password did not conform with policy: Password must have uppercase characters'],
      [{ Username: 'x7', TemporaryPassword: 'NoNumbers!!' }, 'InvalidPasswordException', 'Password did not conform with policy: Password must have numeric characters'],
      [{ Username: 'x8', TemporaryPassword: 'NoSymbols11' }, 'InvalidPasswordException', 'Password did not conform with policy: Password must have symbol characters'],
      [{ Username: 'x9', DesiredDeliveryMediums: ['EMAIL'] }, 'InvalidParameterException', 'User has no attribute matching desired delivery mediums'],
    ];
    for (const [input, name, message] of cases) {
      const e = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'u', ...input })));
      assert.equal(e.name, name, JSON.stringify(input));
      assert.equal(e.message, message, JSON.stringify(input));
    }
    const missingPool = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_missing00', Username: 'a' })));
    assert.equal(missingPool.name, 'ResourceNotFoundException');
  });

  it('with email as username: generates the username (= sub) and rejects non-email names and taken emails', async () => {
    const poolId = await createPool({ UsernameAttributes: ['email'] });
    const out = await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Frank@Example.com', MessageAction: 'SUPPRESS' }));
    const a = attrs(out.User!.Attributes);
    assert.equal(out.User!.Username, a.sub);
    assert.equal(a.email, 'Frank@Example.com');
    // The user is found by the email too.
    const got = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'frank@example.com' }));
    assert.equal(got.Username, a.sub);

    const notEmail = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'frank' })));
    assert.equal(notEmail.name, 'InvalidParameterException');
    assert.equal(notEmail.message, 'Username should be an email.');
    const taken = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'frank@example.com' })));
    assert.equal(taken.name, 'UsernameExistsException');
    assert.equal(taken.message, 'An account with the given email already exists.');
  });

  it('with an email alias: rejects email-shaped usernames and a verified email held by another user', async () => {
    const poolId = await createPool({ AliasAttributes: ['email'] });
    const e = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'g@example.com' })));
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.message, 'Username cannot be of email format, since user pool is configured for email alias.');

    const verified = [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }];
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'gina', UserAttributes: verified, MessageAction: 'SUPPRESS' }));
    const clash = await errorOf(() => server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'hank', UserAttributes: verified, MessageAction: 'SUPPRESS' })));
    assert.equal(clash.name, 'AliasExistsException');
    assert.equal(clash.message, 'An account with the given email already exists.');

    // ForceAliasCreation moves the alias: the earlier holder's email is no longer verified.
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'hank', UserAttributes: verified, MessageAction: 'SUPPRESS', ForceAliasCreation: true }));
    const gina = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gina' }));
    assert.equal(attrs(gina.UserAttributes).email_verified, 'false');
    const byAlias = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'shared@example.com' }));
    assert.equal(byAlias.Username, 'hank');
  });
});

describe('AdminGetUser / AdminDeleteUser / AdminDisableUser / AdminEnableUser', () => {
  it('reads, disables, enables and deletes a user', async () => {
    const poolId = await createPool();
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ivy', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: 'Ivy' }] }));
    const got = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    assert.equal(got.Username, 'ivy');
    assert.equal(got.Enabled, true);
    assert.equal(got.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(attrs(got.UserAttributes).name, 'Ivy');
    assert.ok(got.UserLastModifiedDate instanceof Date);

    // The sub resolves to the user as well.
    const bySub = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: attrs(got.UserAttributes).sub! }));
    assert.equal(bySub.Username, 'ivy');

    await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }))).Enabled, false);
    await server.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }))).Enabled, true);

    await server.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    for (const command of [
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }),
      new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'ivy' }),
      new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'ivy' }),
    ]) {
      const e = await errorOf(() => server.client.send(command as AdminGetUserCommand));
      assert.equal(e.name, 'UserNotFoundException');
      assert.equal(e.message, 'User does not exist.');
    }
    const pool = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(pool.UserPool!.EstimatedNumberOfUsers, 0);
  });
});

describe('AdminUpdateUserAttributes / AdminDeleteUserAttributes', () => {
  it('updates attributes; a changed email is unverified unless verified in the same call', async () => {
    const poolId = await createPool({ Schema: [{ Name: 'given_name', Required: true }] });
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'jack', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'given_name', Value: 'Jack' }, { Name: 'email', Value: 'jack@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    const get = async () => attrs((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jack' }))).UserAttributes);

    await server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'jack', UserAttributes: [{ Name: 'email', Value: 'jack2@example.com' }] }));
    assert.deepEqual([(await get()).email, (await get()).email_verified], ['jack2@example.com', 'false']);

    await server.client.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId, Username: 'jack',
      UserAttributes: [{ Name: 'email', Value: 'jack3@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    assert.deepEqual([(await get()).email, (await get()).email_verified], ['jack3@example.com', 'true']);

    const sub = await errorOf(() => server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'jack', UserAttributes: [{ Name: 'sub', Value: 'x' }] })));
    assert.equal(sub.name, 'InvalidParameterException');
    assert.equal(sub.message, 'Cannot modify the non-mutable attribute sub');

    await server.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'jack', UserAttributeNames: ['email'] }));
    const after = await get();
    assert.equal(after.email, undefined);
    assert.equal(after.email_verified, undefined);

    const required = await errorOf(() => server.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'jack', UserAttributeNames: ['given_name'] })));
    assert.equal(required.name, 'InvalidParameterException');
    assert.equal(required.message, 'Attributes did not conform to the schema: given_name: The attribute is required');
  });

  it('accepts Boolean values in any case and stores them as "true" / "false"', async () => {
    const poolId = await createPool({ AliasAttributes: ['email'], Schema: [{ Name: 'vip', AttributeDataType: 'Boolean' }] });
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'bea', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'bea@example.com' }, { Name: 'email_verified', Value: 'True' }, { Name: 'custom:vip', Value: 'TRUE' }],
    }));
    const get = async () => attrs((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bea' }))).UserAttributes);
    assert.deepEqual([(await get()).email_verified, (await get())['custom:vip']], ['true', 'true']);
    // Verified as "True", the email is a sign-in alias.
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bea@example.com' }))).Username, 'bea');

    await server.client.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId, Username: 'bea', UserAttributes: [{ Name: 'email_verified', Value: 'FALSE' }, { Name: 'custom:vip', Value: 'False' }],
    }));
    assert.deepEqual([(await get()).email_verified, (await get())['custom:vip']], ['false', 'false']);
    const bad = await errorOf(() => server.client.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId, Username: 'bea', UserAttributes: [{ Name: 'email_verified', Value: 'yes' }],
    })));
    assert.equal(bad.name, 'InvalidParameterException');
    assert.equal(bad.message, 'Attributes did not conform to the schema: email_verified: Attribute value must be true or false');
  });

  it('sends a verification code when an auto-verified email changes', async () => {
    const poolId = await createPool({ AutoVerifiedAttributes: ['email'] });
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'kim', MessageAction: 'SUPPRESS' }));
    await server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'kim', UserAttributes: [{ Name: 'email', Value: 'kim@example.com' }] }));
    const message = await lastMessage('kim@example.com');
    assert.equal(message.purpose, 'verify');
    assert.match(message.body, /^Your verification code is \d{6}\. $/);
  });

  it('keeps verified aliases unique', async () => {
    const poolId = await createPool({ AliasAttributes: ['email', 'preferred_username'] });
    const verified = [{ Name: 'email', Value: 'lee@example.com' }, { Name: 'email_verified', Value: 'true' }];
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'lee', UserAttributes: verified, MessageAction: 'SUPPRESS' }));
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'max', MessageAction: 'SUPPRESS' }));
    const e = await errorOf(() => server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'max', UserAttributes: verified })));
    assert.equal(e.name, 'AliasExistsException');
    assert.equal(e.message, 'An account with the given email already exists.');
    // An unverified copy of the email is not an alias, so it is allowed.
    await server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'max', UserAttributes: [verified[0]!] }));
  });

  it('refuses an email or phone used as the username that another user holds: AliasExistsException', async () => {
    const poolId = await createPool({ UsernameAttributes: ['email', 'phone_number'] });
    const create = (email: string, phone: string) => server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: email, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'phone_number', Value: phone }],
    }));
    await create('nora@example.com', '+15550000001');
    await create('otto@example.com', '+15550000002');
    for (const taken of [{ Name: 'email', Value: 'nora@example.com' }, { Name: 'phone_number', Value: '+15550000001' }]) {
      const e = await errorOf(() => server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'otto@example.com', UserAttributes: [taken] })));
      assert.equal(e.name, 'AliasExistsException');
      assert.equal(e.message, `An account with the given ${taken.Name} already exists.`);
    }
    // Creating a second account with a taken email is still UsernameExistsException.
    const again = await errorOf(() => create('nora@example.com', '+15550000003'));
    assert.equal(again.name, 'UsernameExistsException');
  });

  it('lets one of two users changing to the same alias at once have it; the other gets AliasExistsException', async () => {
    const configs: Partial<CreateUserPoolCommandInput>[] = [{ AliasAttributes: ['email'] }, { UsernameAttributes: ['email'] }];
    for (const config of configs) {
      const poolId = await createPool(config);
      for (let round = 0; round < 8; round++) {
        // An email alias pool refuses email-shaped usernames; an email-as-username pool needs them.
        const users = config.UsernameAttributes ? [`race-a-${round}@example.org`, `race-b-${round}@example.org`] : [`race-a-${round}`, `race-b-${round}`];
        for (const Username of users) await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }));
        const email = [{ Name: 'email', Value: `race-${round}@example.com` }, { Name: 'email_verified', Value: 'true' }];
        const results = await Promise.allSettled(users.map((Username) =>
          server.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username, UserAttributes: email }))));
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as Error).name);
        assert.deepEqual(failures, ['AliasExistsException'], `${JSON.stringify(config)}, round ${round}`);
      }
    }
  });
});

describe('AdminSetUserPassword / AdminResetUserPassword / AdminConfirmSignUp', () => {
  it('sets permanent and temporary passwords with the policy and history checked', async () => {
    const poolId = await createPool({ Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: 2 } } });
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ned', MessageAction: 'SUPPRESS' }));
    const set = (Password: string, Permanent: boolean) =>
      server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ned', Password, Permanent }));
    const status = async () => (await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ned' }))).UserStatus;

    await set('First-Pass1', true);
    assert.equal(await status(), 'CONFIRMED');
    await set('Second-Pass1', false);
    assert.equal(await status(), 'FORCE_CHANGE_PASSWORD');

    const reused = await errorOf(() => set('First-Pass1', true));
    assert.equal(reused.name, 'PasswordHistoryPolicyViolationException');
    const weak = await errorOf(() => set('weak', true));
    assert.equal(weak.name, 'InvalidPasswordException');
    assert.equal(weak.message, 'Password did not conform with policy: Password not long enough');
    await set('Third-Pass1', true);
    // Two passwords back is outside a history of 2.
    await set('First-Pass1', true);
  });

  it('resets a password: RESET_REQUIRED, and a code to the verified email; none without a verified contact', async () => {
    const poolId = await createPool();
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'olga', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'olga@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password: 'Olga-Pass1', Permanent: true }));
    await server.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga' }));
    assert.equal((await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olga' }))).UserStatus, 'RESET_REQUIRED');
    const message = await lastMessage('olga@example.com');
    assert.equal(message.purpose, 'forgot');
    assert.match(message.body, /\d{6}/);

    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'pete', MessageAction: 'SUPPRESS' }));
    const e = await errorOf(() => server.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'pete' })));
    assert.equal(e.name, 'InvalidParameterException');
    assert.equal(e.message, 'Cannot reset password for the user as there is no registered/verified email or phone_number');
  });

  it('AdminConfirmSignUp refuses a user that is not UNCONFIRMED', async () => {
    const poolId = await createPool();
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'quinn', MessageAction: 'SUPPRESS' }));
    const e = await errorOf(() => server.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' })));
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD');
  });
});
