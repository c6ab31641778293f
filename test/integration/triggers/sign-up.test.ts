/**
 * PreSignUp, PostConfirmation and CustomMessage, driven through the AWS SDK: every operation that
 * signs a user up, confirms one or sends a message runs them, with Cognito's event shapes
 * (checked against @aws-lambda-powertools/parser's schemas) and Cognito's effects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminGetUserCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand,
  CreateUserPoolClientCommand, CreateUserPoolCommand, ForgotPasswordCommand, GetUserAttributeVerificationCodeCommand,
  ResendConfirmationCodeCommand, SignUpCommand, UpdateUserAttributesCommand, type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CustomMessageTriggerSchema, PostConfirmationTriggerSchema, PreSignupTriggerSchema,
} from '@aws-lambda-powertools/parser/schemas/cognito';
import { z } from 'zod';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';
import { arn, moduleFunction, TriggerEvents } from './events.ts';

const PASSWORD = 'Passw0rd!long';

describe('sign-up triggers: PreSignUp, PostConfirmation, CustomMessage', () => {
  let server: TestServer;
  let events: TriggerEvents;
  let poolId: string;
  let clientId: string;

  before(async () => {
    events = new TriggerEvents();
    server = await startTestServer({
      functions: {
        [arn('pre-signup')]: moduleFunction('lifecycle.ts', 'preSignUp'),
        [arn('post-confirmation')]: moduleFunction('lifecycle.ts', 'postConfirmation'),
        [arn('custom-message')]: moduleFunction('lifecycle.ts', 'customMessage'),
      },
    });
    const pool = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'sign-up-triggers',
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'domain', AttributeDataType: 'String', Mutable: true }],
      LambdaConfig: { PreSignUp: arn('pre-signup'), PostConfirmation: arn('post-confirmation'), CustomMessage: arn('custom-message') },
    }));
    poolId = pool.UserPool!.Id!;
    const client = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    clientId = client.UserPoolClient!.ClientId!;
  });
  after(async () => {
    events.close();
    await server.stop();
  });

  const attributes = (email: string, domain?: string): AttributeType[] => [
    { Name: 'email', Value: email }, ...(domain ? [{ Name: 'custom:domain', Value: domain }] : []),
  ];
  const lastMessage = async (destination: string) =>
    (await readMessages(server.services.store, server.services.vault, { destination, limit: 1 }))[0]!;
  const codeIn = (body: string) => /(\d{6})/.exec(body)![1]!;
  const status = async (username: string) => {
    const user = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
    return { status: user.UserStatus, attributes: Object.fromEntries(user.UserAttributes!.map((a) => [a.Name!, a.Value!])) };
  };

  it('PreSignUp auto-confirms and verifies: no code is sent, PostConfirmation runs at sign-up', async () => {
    const out = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'ann', Password: PASSWORD, UserAttributes: attributes('ann@acme.example', 'acme.example'),
      ValidationData: [{ Name: 'captcha', Value: 'ok' }], ClientMetadata: { campaign: 'autumn' },
    }));
    assert.equal(out.UserConfirmed, true);
    assert.equal(out.CodeDeliveryDetails, undefined);
    const event = await events.next('preSignUp');
    PreSignupTriggerSchema.parse(event);
    assert.equal(event.version, '1');
    assert.equal(event.userPoolId, poolId);
    assert.equal(event.userName, 'ann');
    assert.equal(event.region, 'us-east-1');
    assert.equal(event.callerContext.clientId, clientId);
    assert.match(event.callerContext.awsSdkVersion, /^aws-sdk-js-3\./);
    assert.deepEqual(event.request.validationData, { captcha: 'ok' });
    assert.deepEqual(event.request.clientMetadata, { campaign: 'autumn' });
    assert.deepEqual(event.request.userAttributes, { email: 'ann@acme.example', 'custom:domain': 'acme.example' });
    assert.deepEqual(event.response, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
    const confirmed = await events.next('postConfirmation', 'PostConfirmation_ConfirmSignUp');
    PostConfirmationTriggerSchema.parse(confirmed);
    assert.equal(confirmed.request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.equal(confirmed.request.userAttributes.email_verified, 'true');
    assert.deepEqual(await status('ann').then((s) => [s.status, s.attributes.email_verified]), ['CONFIRMED', 'true']);
    assert.ok((await signIn(server, { poolId, clientId, username: 'ann', password: PASSWORD })).IdToken);
  });

  it('PreSignUp autoVerifyPhone (with autoConfirmUser) verifies the phone number; the email stays unverified', async () => {
    const out = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'pam', Password: PASSWORD,
      UserAttributes: [...attributes('pam@other.example'), { Name: 'phone_number', Value: '+15550002222' }],
      ValidationData: [{ Name: 'verifyPhone', Value: 'yes' }],
    }));
    assert.equal(out.UserConfirmed, true);
    const pam = await status('pam');
    assert.deepEqual([pam.status, pam.attributes.phone_number_verified, pam.attributes.email_verified], ['CONFIRMED', 'true', undefined]);
    events.clear();
  });

  it('PreSignUp refusing a sign-up is UserLambdaValidationException, and nobody is created', async () => {
    const refused = await errorOf(() => server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'mallory', Password: PASSWORD, UserAttributes: attributes('m@blocked.example'),
    })));
    assert.equal(refused.name, 'UserLambdaValidationException');
    assert.equal(refused.message, 'PreSignUp failed with error Registration from this domain is not allowed..');
    const missing = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mallory' })));
    assert.equal(missing.name, 'UserNotFoundException');
    events.clear();
  });

  it('a code sent through CustomMessage, ConfirmSignUp runs PostConfirmation; its failure leaves the user confirmed', async () => {
    const out = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'bob', Password: PASSWORD, UserAttributes: attributes('bob@other.example'),
      ClientMetadata: { step: 'sign-up' },
    }));
    assert.equal(out.UserConfirmed, false);
    assert.equal(out.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    const message = await events.next('customMessage', 'CustomMessage_SignUp');
    CustomMessageTriggerSchema.parse(message);
    assert.equal(message.request.codeParameter, '{####}');
    assert.equal(message.request.usernameParameter, null);
    assert.deepEqual(message.request.clientMetadata, { step: 'sign-up' });
    assert.deepEqual(message.response, { smsMessage: null, emailMessage: null, emailSubject: null });
    const mail = await lastMessage('bob@other.example');
    assert.equal(mail.subject, 'Subject for CustomMessage_SignUp');
    assert.match(mail.body, /^<p>\[CustomMessage_SignUp\] Hello bob@other\.example, your code is \d{6}<\/p>$/);

    await server.anonymousClient.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob' }));
    await events.next('customMessage', 'CustomMessage_ResendCode');
    const resent = await lastMessage('bob@other.example');
    assert.match(resent.body, /\[CustomMessage_ResendCode\]/);

    const failed = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({
      ClientId: clientId, Username: 'bob', ConfirmationCode: codeIn(resent.body), ClientMetadata: { mode: 'fail' },
    })));
    assert.equal(failed.name, 'UserLambdaValidationException');
    assert.equal(failed.message, 'PostConfirmation failed with error could not add the user to the mailing list.');
    const event = await events.next('postConfirmation', 'PostConfirmation_ConfirmSignUp');
    assert.deepEqual(event.request.clientMetadata, { mode: 'fail' });
    assert.equal((await status('bob')).status, 'CONFIRMED');
  });

  it('AdminConfirmSignUp runs PostConfirmation_ConfirmSignUp', async () => {
    await server.anonymousClient.send(new SignUpCommand({ ClientId: clientId, Username: 'cat', Password: PASSWORD, UserAttributes: attributes('cat@other.example') }));
    events.clear();
    await server.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'cat', ClientMetadata: { by: 'admin' } }));
    const event = await events.next('postConfirmation', 'PostConfirmation_ConfirmSignUp');
    assert.equal(event.userName, 'cat');
    assert.equal(event.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
    assert.deepEqual(event.request.clientMetadata, { by: 'admin' });
  });

  it('AdminCreateUser: PreSignUp_AdminCreateUser (its flags ignored) and the invitation through CustomMessage', async () => {
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'dan', TemporaryPassword: 'Temp-Pass-123!', DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: attributes('dan@acme.example', 'acme.example'), ClientMetadata: { via: 'console' },
    }));
    const pre = await events.next('preSignUp');
    PreSignupTriggerSchema.extend({ triggerSource: z.literal('PreSignUp_AdminCreateUser') }).parse(pre);
    assert.equal(pre.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');
    assert.deepEqual(pre.request.clientMetadata, { via: 'console' });
    assert.equal((await status('dan')).status, 'FORCE_CHANGE_PASSWORD');
    const invite = await events.next('customMessage', 'CustomMessage_AdminCreateUser');
    assert.equal(invite.request.usernameParameter, '{username}');
    const mail = await lastMessage('dan@acme.example');
    assert.equal(mail.body, '<p>[CustomMessage_AdminCreateUser] Hello dan@acme.example, your code is Temp-Pass-123! as dan</p>');
  });

  it('ForgotPassword and ConfirmForgotPassword: CustomMessage_ForgotPassword, PostConfirmation_ConfirmForgotPassword', async () => {
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'eve', MessageAction: 'SUPPRESS',
      UserAttributes: [...attributes('eve@other.example'), { Name: 'email_verified', Value: 'true' }],
    }));
    events.clear();
    await server.anonymousClient.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'eve', ClientMetadata: { why: 'forgot' } }));
    const message = await events.next('customMessage', 'CustomMessage_ForgotPassword');
    assert.deepEqual(message.request.clientMetadata, { why: 'forgot' });
    const mail = await lastMessage('eve@other.example');
    assert.match(mail.body, /\[CustomMessage_ForgotPassword\]/);
    await server.anonymousClient.send(new ConfirmForgotPasswordCommand({
      ClientId: clientId, Username: 'eve', ConfirmationCode: codeIn(mail.body), Password: 'New-Passw0rd!',
    }));
    const event = await events.next('postConfirmation', 'PostConfirmation_ConfirmForgotPassword');
    assert.equal(event.userName, 'eve');
    assert.ok((await signIn(server, { poolId, clientId, username: 'eve', password: 'New-Passw0rd!' })).AccessToken);
  });

  it('attribute changes and verification codes go through CustomMessage too', async () => {
    const session = await signIn(server, { poolId, clientId, username: 'ann', password: PASSWORD });
    events.clear();
    await server.anonymousClient.send(new UpdateUserAttributesCommand({
      AccessToken: session.AccessToken, UserAttributes: [{ Name: 'email', Value: 'ann2@acme.example' }], ClientMetadata: { k: 'v' },
    }));
    const update = await events.next('customMessage', 'CustomMessage_UpdateUserAttribute');
    assert.deepEqual(update.request.clientMetadata, { k: 'v' });
    assert.match((await lastMessage('ann2@acme.example')).body, /\[CustomMessage_UpdateUserAttribute\]/);
    await server.anonymousClient.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: session.AccessToken, AttributeName: 'email' }));
    await events.next('customMessage', 'CustomMessage_VerifyUserAttribute');
    assert.match((await lastMessage('ann2@acme.example')).body, /\[CustomMessage_VerifyUserAttribute\]/);
  });

  it('a custom message without the code placeholder is refused as Cognito refuses it, and nothing is written', async () => {
    const refused = await errorOf(() => server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'fay', Password: PASSWORD, UserAttributes: attributes('fay@other.example'), ClientMetadata: { mode: 'no-code' },
    })));
    assert.equal(refused.name, 'InvalidParameterException');
    assert.match(refused.message, /at 'emailBody' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\\{####\\\}/);
    const missing = await errorOf(() => server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fay' })));
    assert.equal(missing.name, 'UserNotFoundException');
  });
});
