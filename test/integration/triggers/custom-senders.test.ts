/**
 * CustomEmailSender / CustomSMSSender: a pool with one sends nothing itself (the SMTP sink
 * receives nothing) and its function gets Cognito's event with the code encrypted as an AWS
 * Encryption SDK message, which the handler decrypts with examples/custom-sender-decrypt.mjs.
 * The decrypted codes confirm the sign-up, reset the password and sign in with the temporary
 * password: they are the real ones. A pool without a sender still mails through SMTP.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
  ForgotPasswordCommand, InitiateAuthCommand, ResendConfirmationCodeCommand, SignUpCommand, type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CustomEmailSenderTriggerSchema, CustomSMSSenderTriggerSchema } from '@aws-lambda-powertools/parser/schemas/cognito';
import type { CustomEmailSenderTriggerEvent } from 'aws-lambda';
import { startSinks, type Sinks } from '../../helpers/message-sinks.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { senderMailbox } from './sender-mailbox.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'custom-sender');
const arn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const KMS_KEY_ID = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555';
const SENDER_KEY = randomBytes(32).toString('base64');
const PASSWORD = 'Passw0rd!long';
const mailbox = senderMailbox({ KMS_KEY_ID, SENDER_KEY });

const SENDERS: LambdaConfigType = {
  CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arn('email-sender') },
  CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arn('sms-sender') },
  KMSKeyID: KMS_KEY_ID,
};

let server: TestServer;
let sinks: Sinks;
before(async () => {
  sinks = await startSinks();
  server = await startTestServer({
    ...sinks.settings,
    kmsKeys: { [KMS_KEY_ID]: SENDER_KEY },
    functions: {
      [arn('email-sender')]: { module: path.join(fixtures, 'senders.mjs'), handler: 'email' },
      [arn('sms-sender')]: { module: path.join(fixtures, 'senders.mjs'), handler: 'sms' },
    },
  }, { isolatedDatabase: true });
});
after(async () => {
  await server.stop();
  await sinks.close();
  mailbox.remove();
});

let n = 0;
async function pool(LambdaConfig: LambdaConfigType, autoVerified: ('email' | 'phone_number')[] = ['email']) {
  const created = await server.client.send(new CreateUserPoolCommand({
    PoolName: `senders-${++n}`, LambdaConfig, AutoVerifiedAttributes: autoVerified,
  }));
  const poolId = created.UserPool!.Id!;
  const client = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return { poolId, clientId: client.UserPoolClient!.ClientId! };
}

interface Delivered { code: string; event: CustomEmailSenderTriggerEvent & { request: { type: string } } }

describe('CustomEmailSender', () => {
  it('gets the sign-up, resend and forgot-password codes encrypted; the decrypted codes work; SMTP gets nothing', async () => {
    const { poolId, clientId } = await pool(SENDERS);
    const email = `kim-${n}@example.com`;
    await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'kim', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }],
    }));
    const signUp = await mailbox.delivered<Delivered>(email, 1);
    assert.match(signUp.code, /^\d{6}$/);
    assert.notEqual(signUp.event.request.code, signUp.code, 'the event carries the code encrypted');
    CustomEmailSenderTriggerSchema.parse(signUp.event);
    assert.equal(signUp.event.triggerSource, 'CustomEmailSender_SignUp');
    assert.equal(signUp.event.request.type, 'customEmailSenderRequestV1');
    assert.equal(signUp.event.userPoolId, poolId);
    assert.equal(signUp.event.userName, 'kim');
    assert.equal(signUp.event.request.userAttributes['email'], email);
    assert.equal(signUp.event.request.userAttributes['cognito:user_status'], 'UNCONFIRMED');

    await server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'kim' }));
    const resent = await mailbox.delivered<Delivered>(email, 2);
    assert.equal(resent.event.triggerSource, 'CustomEmailSender_ResendCode');
    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'kim', ConfirmationCode: resent.code }));

    await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'kim' }));
    const forgot = await mailbox.delivered<Delivered>(email, 3);
    assert.equal(forgot.event.triggerSource, 'CustomEmailSender_ForgotPassword');
    await server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'kim', ConfirmationCode: forgot.code, Password: 'An0ther!password',
    }));
    const signedIn = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD: 'An0ther!password' },
    }));
    assert.ok(signedIn.AuthenticationResult?.AccessToken);

    // A control pool without a sender mails through SMTP, and nothing else reached it.
    const control = await pool({});
    await server.anonymousClient.send(new SignUpCommand({
      ClientId: control.clientId, Username: 'lee', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'lee@example.com' }],
    }));
    await sinks.codeFor('lee@example.com');
    assert.deepEqual(sinks.mails.map((m) => m.to), [['lee@example.com']]);
    assert.equal(sinks.texts.length, 0);
  });

  it('gets the temporary password of AdminCreateUser, HTML-escaped as Cognito escapes it, which signs in', async () => {
    const { poolId, clientId } = await pool(SENDERS);
    const email = `max-${n}@example.com`;
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'max', DesiredDeliveryMediums: ['EMAIL'], TemporaryPassword: 'Temp&Pass1<',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    }));
    const invitation = await mailbox.delivered<Delivered>(email, 1);
    assert.equal(invitation.event.triggerSource, 'CustomEmailSender_AdminCreateUser');
    assert.equal(invitation.code, 'Temp&amp;Pass1&lt;');
    const step = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'max', PASSWORD: 'Temp&Pass1<' },
    }));
    assert.equal(step.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  });
});

describe('CustomSMSSender', () => {
  it('gets the sign-up code of a phone-verified pool', async () => {
    const { clientId } = await pool(SENDERS, ['phone_number']);
    const phone = `+1555000${String(1000 + n).slice(-4)}`;
    await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'ned', Password: PASSWORD, UserAttributes: [{ Name: 'phone_number', Value: phone }],
    }));
    const sms = await mailbox.delivered<Delivered>(phone, 1);
    CustomSMSSenderTriggerSchema.parse(sms.event);
    assert.equal(sms.event.request.type, 'customSMSSenderRequestV1');
    await server.anonymousClient.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ned', ConfirmationCode: sms.code }));
  });
});
