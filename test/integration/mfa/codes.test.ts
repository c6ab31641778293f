/**
 * SMS_MFA and EMAIL_OTP codes with the AWS SDK, read from the SMTP server and SMS webhook the
 * test runs: masked destinations, the pool's email template, wrong, expired and replayed codes,
 * bounded attempts, email MFA set up during sign-in (MFA_SETUP with EMAIL), and a pool whose
 * only factor is SMS with a user who has no phone number (MFA_SETUP, then a restart once one is set).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, AdminUpdateUserAttributesCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand, type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { serverWithSinks, SES, type Sinks, SMS } from '../../helpers/message-sinks.ts';
import { errorOf, type TestServer } from '../../helpers/server.ts';

const clock = testClock();
let server: TestServer;
let sinks: Sinks;
serverWithSinks(clock, (started) => ({ server, sinks } = started));


async function emailPool(mode: 'ON' | 'OPTIONAL') {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'codes', EmailConfiguration: SES, SmsConfiguration: SMS }));
  const poolId = UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: mode,
    EmailMfaConfiguration: { Message: 'Sign-in code: {####}', Subject: 'Your sign-in code' },
    SmsMfaConfiguration: { SmsConfiguration: SMS },
  }));
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], AuthSessionValidity: 15,
  }));
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

const signIn = (clientId: string, username: string) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD },
}));
const respond = (clientId: string, ChallengeName: ChallengeNameType, Session: string | undefined, responses: Record<string, string>) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses: responses }));
const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

describe('SMS and email MFA codes', () => {
  it('sends EMAIL_OTP codes by SMTP with the pool template; wrong, expired and replayed codes are refused', async () => {
    const { poolId, clientId } = await emailPool('OPTIONAL');
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId, Username: 'alice', EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    }));
    const challenge = await signIn(clientId, 'alice');
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' });
    const code = await sinks.codeFor('alice@example.com');
    const mail = sinks.mails.at(-1)!.data;
    assert.match(mail, /Subject: Your sign-in code/);
    assert.match(mail, /Sign-in code: \d{6}/);

    const wrong = await errorOf(() => respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'alice', EMAIL_OTP_CODE: otherThan(code) }));
    assert.equal(wrong.name, 'CodeMismatchException');
    const done = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'alice', EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);

    // The same code again, in a new sign-in: spent.
    const again = await signIn(clientId, 'alice');
    const second = await sinks.codeFor('alice@example.com', 1);
    if (second !== code) {
      const replay = await errorOf(() => respond(clientId, 'EMAIL_OTP', again.Session, { USERNAME: 'alice', EMAIL_OTP_CODE: code }));
      assert.equal(replay.name, 'CodeMismatchException');
    }
    // Three minutes later the code has expired, though the session (15 minutes) has not.
    clock.advance(3 * 60_000 + 1);
    const expired = await errorOf(() => respond(clientId, 'EMAIL_OTP', again.Session, { USERNAME: 'alice', EMAIL_OTP_CODE: second }));
    assert.equal(expired.name, 'ExpiredCodeException');
  });

  it('bounds the attempts: after five, even the right code is refused', async () => {
    const { poolId, clientId } = await emailPool('ON');
    await confirmedUser(server, poolId, 'bob', [{ Name: 'phone_number', Value: '+15555550199' }]);
    const challenge = await signIn(clientId, 'bob');
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    assert.equal(challenge.ChallengeParameters?.CODE_DELIVERY_DESTINATION, '+*******0199');
    const code = await sinks.codeFor('+15555550199');
    for (let i = 0; i < 5; i++) {
      const wrong = await errorOf(() => respond(clientId, 'SMS_MFA', challenge.Session, { USERNAME: 'bob', SMS_MFA_CODE: otherThan(code) }));
      assert.equal(wrong.name, 'CodeMismatchException');
    }
    const locked = await errorOf(() => respond(clientId, 'SMS_MFA', challenge.Session, { USERNAME: 'bob', SMS_MFA_CODE: code }));
    assert.equal(locked.name, 'NotAuthorizedException');
    assert.equal(locked.message, 'Password attempts exceeded');
  });

  it('MFA ON with SMS only and a user without a phone number: MFA_SETUP naming SMS_MFA; after a phone number is set, a restart asks for the texted code', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'sms-only', SmsConfiguration: SMS }));
    const poolId = UserPool!.Id!;
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: SMS } }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    const clientId = UserPoolClient!.ClientId!;
    await confirmedUser(server, poolId, 'nophone', []);
    const setup = await signIn(clientId, 'nophone');
    assert.equal(setup.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(setup.ChallengeParameters, { MFAS_CAN_SETUP: '["SMS_MFA"]' });
    // Nothing can be set up inside the challenge for SMS: answering it signs no one in.
    const answered = await errorOf(() => respond(clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'nophone' }));
    assert.equal(answered.name, 'SoftwareTokenMFANotFoundException');
    // As the API reference says: collect a phone_number, then restart the sign-in.
    await server.client.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: poolId, Username: 'nophone', UserAttributes: [{ Name: 'phone_number', Value: '+15555550177' }],
    }));
    const challenge = await signIn(clientId, 'nophone');
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    assert.equal(challenge.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    const done = await respond(clientId, 'SMS_MFA', challenge.Session, { USERNAME: 'nophone', SMS_MFA_CODE: await sinks.codeFor('+15555550177') });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('sets up email MFA during sign-in: MFA_SETUP with EMAIL, then the code sent there', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'email-only', EmailConfiguration: SES }));
    const poolId = UserPool!.Id!;
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', EmailMfaConfiguration: {} }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    const clientId = UserPoolClient!.ClientId!;
    await confirmedUser(server, poolId, 'carol');
    const setup = await signIn(clientId, 'carol');
    assert.equal(setup.ChallengeName, 'MFA_SETUP');
    assert.equal(setup.ChallengeParameters?.MFAS_CAN_SETUP, '["EMAIL_OTP"]');
    const challenge = await respond(clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'carol', EMAIL: 'carol@example.com' });
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    assert.equal(challenge.ChallengeParameters?.CODE_DELIVERY_DESTINATION, 'c***@e***');
    const code = await sinks.codeFor('carol@example.com');
    assert.match(sinks.mails.at(-1)!.data, /Your authentication code is \d{6}/);
    const done = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'carol', EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult);
    const carol = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    assert.deepEqual(carol.UserMFASettingList, ['EMAIL_OTP']);
    const attributes = Object.fromEntries(carol.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attributes.email, 'carol@example.com');
    assert.equal(attributes.email_verified, 'true');
    assert.equal((await signIn(clientId, 'carol')).ChallengeName, 'EMAIL_OTP');
  });
});
