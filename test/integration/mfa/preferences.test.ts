/**
 * Users' MFA settings: SetUserMFAPreference / AdminSetUserMFAPreference (a factor is turned on
 * only when the user can receive it, one preferred at most), the legacy SetUserSettings /
 * AdminSetUserSettings (SMS only), what GetUser and AdminGetUser show, and SELECT_MFA_TYPE's
 * answer checked against the choices.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, AdminSetUserSettingsCommand, GetUserCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, SetUserSettingsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { SMS } from '../../helpers/message-sinks.ts';


describe('MFA preferences', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(() => server.stop());

  async function setup() {
    const ids = await poolAndClient(server, {
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/a@example.com' },
    });
    await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: ids.poolId, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: SMS },
      SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {},
    }));
    return ids;
  }
  const tokenOf = async (clientId: string, username: string) => (await server.anonymousClient.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD },
  }))).AuthenticationResult!.AccessToken!;

  it('turns on only what the user can receive, and keeps one preferred', async () => {
    const { poolId, clientId } = await setup();
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
    const AccessToken = await tokenOf(clientId, 'alice');
    const noToken = await errorOf(() => server.anonymousClient.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true } })));
    assert.equal(noToken.name, 'InvalidParameterException');
    assert.equal(noToken.message, 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA');
    const noPhone = await errorOf(() => server.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'alice', SMSMfaSettings: { Enabled: true } })));
    assert.equal(noPhone.message, 'User does not have delivery config set to turn on SMS_MFA');
    const twoPreferred = await errorOf(() => server.anonymousClient.send(new SetUserMFAPreferenceCommand({
      AccessToken, EmailMfaSettings: { Enabled: true, PreferredMfa: true }, SMSMfaSettings: { Enabled: false, PreferredMfa: true },
    })));
    assert.equal(twoPreferred.name, 'InvalidParameterException');

    await server.anonymousClient.send(new SetUserMFAPreferenceCommand({ AccessToken, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
    let me = await server.anonymousClient.send(new GetUserCommand({ AccessToken }));
    assert.deepEqual([me.UserMFASettingList, me.PreferredMfaSetting, me.MFAOptions], [['EMAIL_OTP'], 'EMAIL_OTP', undefined]);
    // Turning the preferred factor off drops the preference too.
    await server.anonymousClient.send(new SetUserMFAPreferenceCommand({ AccessToken, EmailMfaSettings: { Enabled: false } }));
    me = await server.anonymousClient.send(new GetUserCommand({ AccessToken }));
    assert.deepEqual([me.UserMFASettingList, me.PreferredMfaSetting], [undefined, undefined]);
  });

  it('SetUserSettings and AdminSetUserSettings configure SMS MFA only', async () => {
    const { poolId, clientId } = await setup();
    await confirmedUser(server, poolId, 'bob', [{ Name: 'phone_number', Value: '+15555550177' }]);
    const AccessToken = await tokenOf(clientId, 'bob');
    const email = await errorOf(() => server.anonymousClient.send(new SetUserSettingsCommand({ AccessToken, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] })));
    assert.equal(email.name, 'InvalidParameterException');
    await server.anonymousClient.send(new SetUserSettingsCommand({ AccessToken, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
    let bob = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.deepEqual(bob.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    assert.deepEqual(bob.UserMFASettingList, ['SMS_MFA']);
    const challenge = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'bob', PASSWORD },
    }));
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    await server.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'bob', MFAOptions: [] }));
    bob = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.equal(bob.MFAOptions, undefined);
    assert.equal(bob.UserMFASettingList, undefined);
  });

  it('SELECT_MFA_TYPE takes only one of MFAS_CAN_CHOOSE', async () => {
    const { poolId, clientId } = await setup();
    await confirmedUser(server, poolId, 'carol', [{ Name: 'email', Value: 'carol@example.com' }, { Name: 'phone_number', Value: '+15555550178' }]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId, Username: 'carol', SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true },
    }));
    const select = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'carol', PASSWORD },
    }));
    assert.equal(select.ChallengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE!), ['SMS_MFA', 'EMAIL_OTP']);
    const answer = (ANSWER: string) => server.anonymousClient.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SELECT_MFA_TYPE', Session: select.Session, ChallengeResponses: { USERNAME: 'carol', ANSWER },
    }));
    const notOffered = await errorOf(() => answer('SOFTWARE_TOKEN_MFA'));
    assert.equal(notOffered.name, 'InvalidParameterException');
    const chosen = await answer('EMAIL_OTP');
    assert.equal(chosen.ChallengeName, 'EMAIL_OTP');
    assert.equal(chosen.ChallengeParameters?.CODE_DELIVERY_DESTINATION, 'c***@e***');
    const again = await errorOf(() => answer('SMS_MFA'));
    assert.equal(again.name, 'NotAuthorizedException');
  });
});
