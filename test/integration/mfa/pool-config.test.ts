/**
 * The pool's MFA configuration takes effect: MfaConfiguration ON / OPTIONAL / OFF set by
 * CreateUserPool, UpdateUserPool and SetUserPoolMfaConfig, with Cognito's rules (a factor for ON
 * and OPTIONAL, email MFA only with SES DEVELOPER mail), and sign-in follows it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolClientCommand, CreateUserPoolCommand, GetUserPoolMfaConfigCommand, InitiateAuthCommand,
  SetUserPoolMfaConfigCommand, UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { SES, SMS } from '../../helpers/message-sinks.ts';


describe('pool MFA configuration', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(() => server.stop());

  const signIn = async (poolId: string, username: string) => {
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    await confirmedUser(server, poolId, username, [{ Name: 'phone_number', Value: '+15555550123' }]);
    return server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: UserPoolClient!.ClientId!, AuthParameters: { USERNAME: username, PASSWORD },
    }));
  };

  it('CreateUserPool and UpdateUserPool set MFA ON with SMS, and sign-in then asks for the SMS code', async () => {
    const noFactor = await errorOf(() => server.client.send(new CreateUserPoolCommand({ PoolName: 'on', MfaConfiguration: 'ON' })));
    assert.equal(noFactor.name, 'InvalidParameterException');
    assert.equal(noFactor.message, 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional');

    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'on', MfaConfiguration: 'ON', SmsConfiguration: SMS }));
    const poolId = UserPool!.Id!;
    assert.equal(UserPool!.MfaConfiguration, 'ON');
    const config = await server.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.equal(config.MfaConfiguration, 'ON');
    assert.deepEqual(config.SmsMfaConfiguration, { SmsAuthenticationMessage: 'Your authentication code is {####}. ', SmsConfiguration: SMS });
    const challenge = await signIn(poolId, 'sam');
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });

    await server.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }));
    assert.equal((await server.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).MfaConfiguration, 'OFF');
    assert.ok((await signIn(poolId, 'tom')).AuthenticationResult, 'MFA off: tokens');
    const stillNone = await errorOf(() => server.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL' })));
    assert.equal(stillNone.name, 'InvalidParameterException');
  });

  it('email MFA needs the pool to send mail as DEVELOPER; its message and subject are kept', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'email' }));
    const poolId = UserPool!.Id!;
    const email = { Message: 'Your sign-in code is {####}', Subject: 'Sign-in code' };
    const refused = await errorOf(() => server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: email,
    })));
    assert.equal(refused.name, 'InvalidParameterException');
    assert.equal(refused.message, 'Cannot set EmailMfaConfiguration when user pool EmailConfiguration contains an EmailSendingAccount of COGNITO_DEFAULT.Update the value of EmailSendingAccount');

    await server.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, EmailConfiguration: SES }));
    const set = await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'ON', EmailMfaConfiguration: email, SoftwareTokenMfaConfiguration: { Enabled: true },
    }));
    assert.equal(set.MfaConfiguration, 'ON');
    assert.deepEqual(set.EmailMfaConfiguration, email);
    assert.deepEqual(set.SoftwareTokenMfaConfiguration, { Enabled: true });
    // A user with neither a token nor an email: MFA_SETUP offers both.
    const out = await signIn(poolId, 'uma');
    assert.equal(out.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(JSON.parse(out.ChallengeParameters!.MFAS_CAN_SETUP!), ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
  });
});
