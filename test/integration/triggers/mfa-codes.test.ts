/**
 * MFA and passwordless codes through the triggers: CustomMessage_Authentication rewrites the
 * SMS_MFA, EMAIL_OTP (MFA and MFA set-up) and USER_AUTH EMAIL_OTP / SMS_OTP messages (the sinks
 * receive the function's text with the real code), and a pool with a custom sender gets those codes
 * encrypted (CustomEmailSender_Authentication / CustomSMSSender_Authentication) while Alcove sends
 * nothing itself; the decrypted code answers the challenge.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  AdminSetUserMFAPreferenceCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand, type ChallengeNameType, type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CustomEmailSenderTriggerSchema, CustomMessageTriggerSchema, CustomSMSSenderTriggerSchema } from '@aws-lambda-powertools/parser/schemas/cognito';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { SES, type Sinks, SMS, startSinks } from '../../helpers/message-sinks.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { arn, FIXTURES, moduleFunction, TriggerEvents } from './events.ts';
import { senderMailbox } from './sender-mailbox.ts';

const KMS_KEY_ID = 'arn:aws:kms:us-east-1:000000000000:key/66666666-2222-3333-4444-555555555555';
const SENDER_KEY = randomBytes(32).toString('base64');
const mailbox = senderMailbox({ KMS_KEY_ID, SENDER_KEY });

const MESSAGE: LambdaConfigType = { CustomMessage: arn('mfa-message') };
const SENDERS: LambdaConfigType = {
  CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arn('mfa-email-sender') },
  CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arn('mfa-sms-sender') },
  KMSKeyID: KMS_KEY_ID,
};

let server: TestServer;
let sinks: Sinks;
const events = new TriggerEvents();
before(async () => {
  sinks = await startSinks();
  server = await startTestServer({
    ...sinks.settings,
    kmsKeys: { [KMS_KEY_ID]: SENDER_KEY },
    functions: {
      [arn('mfa-message')]: moduleFunction('lifecycle.ts', 'customMessage'),
      [arn('mfa-email-sender')]: { module: path.join(FIXTURES, 'custom-sender', 'senders.mjs'), handler: 'email' },
      [arn('mfa-sms-sender')]: { module: path.join(FIXTURES, 'custom-sender', 'senders.mjs'), handler: 'sms' },
    },
  }, { isolatedDatabase: true });
});
after(async () => {
  events.close();
  await server.stop();
  await sinks.close();
  mailbox.remove();
});

let n = 0;
async function mfaPool(LambdaConfig: LambdaConfigType, mode: 'ON' | 'OPTIONAL' = 'ON') {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: `mfa-codes-${++n}`, LambdaConfig, EmailConfiguration: SES, SmsConfiguration: SMS,
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } },
  }));
  const poolId = UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: mode, EmailMfaConfiguration: { Message: 'Pool template {####}', Subject: 'Pool subject' },
    SmsMfaConfiguration: { SmsConfiguration: SMS, SmsAuthenticationMessage: 'Pool SMS {####}' },
  }));
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

const signIn = (clientId: string, username: string, ClientMetadata?: Record<string, string>) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD }, ClientMetadata,
}));
const userAuth = (clientId: string, username: string, factor: string) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: factor },
}));
const respond = (clientId: string, ChallengeName: ChallengeNameType, Session: string | undefined, responses: Record<string, string>) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses: responses }));

/** The newest message `to` received through the sinks (text of an SMS, or the mail as sent). */
async function lastMessage(to: string, count: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const texts = sinks.texts.filter((t) => t.to === to).map((t) => t.message);
    // Quoted-printable soft line breaks unfolded.
    const mails = sinks.mails.filter((m) => m.to.includes(to)).map((m) => m.data.replace(/=\r?\n/g, ''));
    const all = [...texts, ...mails];
    if (all.length >= count) return all.at(-1)!;
    await sleep(25);
  }
  throw new Error(`no message ${count} to ${to}`);
}


describe('CustomMessage_Authentication', () => {
  it('rewrites the SMS_MFA message; the event is Cognito\'s; the code in the rewritten text signs in', async () => {
    const { poolId, clientId } = await mfaPool(MESSAGE);
    const phone = '+15555550111';
    await confirmedUser(server, poolId, 'amy', [{ Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' }]);
    const challenge = await signIn(clientId, 'amy', { tenant: 't1' });
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    const event = await events.next('customMessage', 'CustomMessage_Authentication');
    CustomMessageTriggerSchema.parse(event);
    assert.equal(event['userPoolId'], poolId);
    assert.equal(event['userName'], 'amy');
    assert.equal(event['callerContext'].clientId, clientId);
    assert.equal(event['request'].codeParameter, '{####}');
    assert.equal(event['request'].usernameParameter, null);
    assert.deepEqual(event['request'].clientMetadata, { tenant: 't1' });
    assert.equal(event['request'].userAttributes.phone_number, phone);
    const text = await lastMessage(phone, 1);
    const match = /^\[CustomMessage_Authentication\] code (\d{6})$/.exec(text);
    assert.ok(match, `the function's text was sent: ${text}`);
    const done = await respond(clientId, 'SMS_MFA', challenge.Session, { USERNAME: 'amy', SMS_MFA_CODE: match[1]! });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('rewrites the EMAIL_OTP MFA message and subject', async () => {
    const { poolId, clientId } = await mfaPool(MESSAGE, 'OPTIONAL');
    await confirmedUser(server, poolId, 'ben', [{ Name: 'email', Value: 'ben@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId, Username: 'ben', EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    }));
    const challenge = await signIn(clientId, 'ben');
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    assert.equal((await events.next('customMessage', 'CustomMessage_Authentication'))['userName'], 'ben');
    const mail = await lastMessage('ben@example.com', 1);
    assert.match(mail, /Subject: Subject for CustomMessage_Authentication/);
    const code = /your code is (\d{6})/.exec(mail)?.[1];
    assert.ok(code, 'the function\'s body was sent');
    const done = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'ben', EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('rewrites the USER_AUTH EMAIL_OTP and SMS_OTP first-factor messages', async () => {
    const { poolId, clientId } = await mfaPool(MESSAGE, 'OPTIONAL');
    const phone = '+15555550112';
    await confirmedUser(server, poolId, 'cal', [
      { Name: 'email', Value: 'cal@example.com' }, { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' },
    ]);
    const byEmail = await userAuth(clientId, 'cal', 'EMAIL_OTP');
    assert.equal(byEmail.ChallengeName, 'EMAIL_OTP');
    assert.equal((await events.next('customMessage', 'CustomMessage_Authentication'))['userName'], 'cal');
    const code = /your code is (\d{6})/.exec(await lastMessage('cal@example.com', 1))?.[1];
    assert.ok(code);
    assert.ok((await respond(clientId, 'EMAIL_OTP', byEmail.Session, { USERNAME: 'cal', EMAIL_OTP_CODE: code })).AuthenticationResult);

    const bySms = await userAuth(clientId, 'cal', 'SMS_OTP');
    assert.equal(bySms.ChallengeName, 'SMS_OTP');
    await events.next('customMessage', 'CustomMessage_Authentication');
    const smsCode = /^\[CustomMessage_Authentication\] code (\d{6})$/.exec(await lastMessage(phone, 1))?.[1];
    assert.ok(smsCode);
    assert.ok((await respond(clientId, 'SMS_OTP', bySms.Session, { USERNAME: 'cal', SMS_OTP_CODE: smsCode })).AuthenticationResult);
  });

  it('a message without the code placeholder fails the sign-in as Cognito does', async () => {
    const { poolId, clientId } = await mfaPool(MESSAGE);
    await confirmedUser(server, poolId, 'dan', [{ Name: 'phone_number', Value: '+15555550113' }, { Name: 'phone_number_verified', Value: 'true' }]);
    const error = await errorOf(() => signIn(clientId, 'dan', { mode: 'no-code' }));
    assert.equal(error.name, 'InvalidParameterException');
    assert.equal(sinks.countFor('+15555550113'), 0);
  });
});

describe('CustomEmailSender_Authentication / CustomSMSSender_Authentication', () => {
  it('get the MFA and passwordless codes encrypted, Alcove sends nothing, and the decrypted codes answer', async () => {
    const { poolId, clientId } = await mfaPool(SENDERS, 'OPTIONAL');
    const phone = '+15555550114';
    const email = 'eve@example.com';
    await confirmedUser(server, poolId, 'eve', [
      { Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' },
    ]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId, Username: 'eve', SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }));
    const challenge = await signIn(clientId, 'eve');
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    const sms = await mailbox.delivered(phone, 1);
    // Powertools' schemas pin the sender sources to `_SignUp`; the rest of the event is checked against them.
    CustomSMSSenderTriggerSchema.parse({ ...sms.event, triggerSource: 'CustomSMSSender_SignUp' });
    assert.equal(sms.event['triggerSource'], 'CustomSMSSender_Authentication');
    assert.notEqual(sms.event['request'].code, sms.code);
    assert.ok((await respond(clientId, 'SMS_MFA', challenge.Session, { USERNAME: 'eve', SMS_MFA_CODE: sms.code })).AuthenticationResult);

    const byEmail = await userAuth(clientId, 'eve', 'EMAIL_OTP');
    const mail = await mailbox.delivered(email, 1);
    CustomEmailSenderTriggerSchema.parse({ ...mail.event, triggerSource: 'CustomEmailSender_SignUp' });
    assert.equal(mail.event['triggerSource'], 'CustomEmailSender_Authentication');
    assert.equal(mail.event['request'].type, 'customEmailSenderRequestV1');
    assert.ok((await respond(clientId, 'EMAIL_OTP', byEmail.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: mail.code })).AuthenticationResult);

    await sleep(200);
    assert.equal(sinks.countFor(phone), 0, 'no SMS went out through Alcove');
    assert.equal(sinks.countFor(email), 0, 'no mail went out through Alcove');
  });
});
