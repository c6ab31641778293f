/**
 * USER_AUTH choice-based sign-in with the AWS SDK and Amplify v6: SELECT_CHALLENGE and its
 * AvailableChallenges (limited by the pool's AllowedFirstAuthFactors and what the user has),
 * passwordless email sign-in (the code read from the SMTP server the test runs), PASSWORD and
 * PASSWORD_SRP through USER_AUTH, MFA after a password but not after a passwordless factor,
 * wrong and replayed answers, and GetUserAuthFactors / AdminGetUserAuthFactors.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminGetUserAuthFactorsCommand, AdminSetUserMFAPreferenceCommand, AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DescribeUserPoolCommand,
  GetUserAuthFactorsCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand,
  type AuthFactorType, type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { confirmedUser, PASSWORD, srpClient, testClock } from '../../helpers/auth-flows.ts';
import { serverWithSinks, type Sinks } from '../../helpers/message-sinks.ts';
import { errorOf, type TestServer } from '../../helpers/server.ts';
import { memoryTokenStorage } from '../../helpers/amplify-storage.ts';

const clock = testClock();
let server: TestServer;
let sinks: Sinks;
serverWithSinks(clock, (started) => ({ server, sinks } = started));

let pools = 0;
async function pool(factors: AuthFactorType[], flows = ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], mfaOn = false) {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: `passwordless-${++pools}`, Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } },
  }));
  const poolId = UserPool!.Id!;
  if (mfaOn) {
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  }
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: flows as never,
  }));
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

const withEmail = (name: string) => [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }];
const userAuth = (clientId: string, parameters: Record<string, string>) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: parameters,
}));
const respond = (clientId: string, ChallengeName: ChallengeNameType, Session: string | undefined, responses: Record<string, string>) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses: responses }));
const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

describe('USER_AUTH with the AWS SDK', () => {
  it('keeps the pool\'s SignInPolicy and offers SELECT_CHALLENGE with what the user has', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    const described = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(described.UserPool?.Policies?.SignInPolicy, { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
    await confirmedUser(server, poolId, 'alice', withEmail('alice'));
    await confirmedUser(server, poolId, 'nomail');
    const select = await userAuth(clientId, { USERNAME: 'alice' });
    assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    assert.ok(select.Session);
    const plain = await userAuth(clientId, { USERNAME: 'nomail' });
    assert.deepEqual(plain.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);

    const factors = await server.client.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
    assert.equal(factors.Username, 'alice');
  });

  it('signs in with an emailed code chosen at SELECT_CHALLENGE; wrong and replayed answers are refused', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP']);
    await confirmedUser(server, poolId, 'bob', withEmail('bob'));
    const select = await userAuth(clientId, { USERNAME: 'bob' });
    const invalid = await errorOf(() => respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'bob', ANSWER: 'WEB_AUTHN' }));
    assert.equal(invalid.name, 'InvalidParameterException');
    const challenge = await respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'bob', ANSWER: 'EMAIL_OTP' });
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'b***@e***' });
    const reused = await errorOf(() => respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'bob', ANSWER: 'EMAIL_OTP' }));
    assert.equal(reused.name, 'NotAuthorizedException');
    const code = await sinks.codeFor('bob@example.com');
    const wrong = await errorOf(() => respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'bob', EMAIL_OTP_CODE: otherThan(code) }));
    assert.equal(wrong.name, 'CodeMismatchException');
    const done = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'bob', EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);
    // The code was spent with the session: answered again, it is no longer valid (as for an MFA code).
    const replay = await errorOf(() => respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'bob', EMAIL_OTP_CODE: code }));
    assert.equal(replay.name, 'ExpiredCodeException');

    const own = await server.anonymousClient.send(new GetUserAuthFactorsCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    assert.deepEqual(own.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
  });

  it('PREFERRED_CHALLENGE: PASSWORD and PASSWORD_SRP end in MFA; a pool that requires MFA offers no emailed code', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP'], undefined, true);
    await confirmedUser(server, poolId, 'carol', withEmail('carol'));
    const byPassword = await userAuth(clientId, { USERNAME: 'carol', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    assert.equal(byPassword.ChallengeName, 'MFA_SETUP');
    const wrongPassword = await errorOf(() => userAuth(clientId, { USERNAME: 'carol', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-Horse1' }));
    assert.equal(wrongPassword.name, 'NotAuthorizedException');

    const srp = srpClient(poolId);
    const verifier = await userAuth(clientId, { USERNAME: 'carol', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA });
    assert.equal(verifier.ChallengeName, 'PASSWORD_VERIFIER');
    const bySrp = await respond(clientId, 'PASSWORD_VERIFIER', verifier.Session, srp.answer(verifier.ChallengeParameters!, PASSWORD));
    assert.equal(bySrp.ChallengeName, 'MFA_SETUP');

    // A passwordless factor would end the sign-in without the second factor the pool requires.
    const choice = await userAuth(clientId, { USERNAME: 'carol', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(choice.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(choice.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    const chosen = await errorOf(() => respond(clientId, 'SELECT_CHALLENGE', choice.Session, { USERNAME: 'carol', ANSWER: 'EMAIL_OTP' }));
    assert.equal(chosen.name, 'InvalidParameterException');
  });

  it('a temporary password\'s NEW_PASSWORD_REQUIRED after an emailed code is not followed by MFA either', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP']);
    await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms' } },
    }));
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'tess', TemporaryPassword: 'Temp-Horse1', MessageAction: 'SUPPRESS',
      UserAttributes: [...withEmail('tess'), { Name: 'phone_number', Value: '+15555550177' }, { Name: 'phone_number_verified', Value: 'true' }],
    }));
    await server.client.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId, Username: 'tess', SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }));
    const challenge = await userAuth(clientId, { USERNAME: 'tess', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
    const code = await sinks.codeFor('tess@example.com');
    const newPassword = await respond(clientId, 'EMAIL_OTP', challenge.Session, { USERNAME: 'tess', EMAIL_OTP_CODE: code });
    assert.equal(newPassword.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await respond(clientId, 'NEW_PASSWORD_REQUIRED', newPassword.Session, { USERNAME: 'tess', NEW_PASSWORD: PASSWORD });
    assert.equal(done.ChallengeName, undefined);
    assert.ok(done.AuthenticationResult?.IdToken);
    // The same user with the (now permanent) password: their SMS MFA.
    const byPassword = await userAuth(clientId, { USERNAME: 'tess', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    assert.equal(byPassword.ChallengeName, 'SMS_MFA');
  });

  it('signs in with a texted code (SMS_OTP), through AdminInitiateAuth too', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'SMS_OTP']);
    await confirmedUser(server, poolId, 'hal', [{ Name: 'phone_number', Value: '+15555550123' }, { Name: 'phone_number_verified', Value: 'true' }]);
    const challenge = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'hal', PREFERRED_CHALLENGE: 'SMS_OTP' },
    }));
    assert.equal(challenge.ChallengeName, 'SMS_OTP');
    assert.equal(challenge.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    const code = await sinks.codeFor('+15555550123');
    const wrong = await errorOf(() => server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SMS_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: 'hal', SMS_OTP_CODE: otherThan(code) },
    })));
    assert.equal(wrong.name, 'CodeMismatchException');
    const done = await server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SMS_OTP', Session: challenge.Session, ChallengeResponses: { USERNAME: 'hal', SMS_OTP_CODE: code },
    }));
    assert.ok(done.AuthenticationResult?.AccessToken);
    // A Session of one challenge is no answer to another.
    const again = await userAuth(clientId, { USERNAME: 'hal', PREFERRED_CHALLENGE: 'SMS_OTP' });
    const crossed = await errorOf(() => respond(clientId, 'EMAIL_OTP', again.Session, { USERNAME: 'hal', EMAIL_OTP_CODE: code }));
    assert.equal(crossed.name, 'NotAuthorizedException');
  });

  it('a client that hides users: an unknown name gets SELECT_CHALLENGE, and its password answer fails as a wrong one', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP']);
    const hiding = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'hiding', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED',
    }));
    const hidingId = hiding.UserPoolClient!.ClientId!;
    const select = await userAuth(hidingId, { USERNAME: 'nobody' });
    assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(select.AvailableChallenges?.slice(0, 2), ['PASSWORD', 'PASSWORD_SRP']);
    const refused = await errorOf(() => respond(hidingId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'nobody', ANSWER: 'PASSWORD', PASSWORD }));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'Incorrect username or password.');
    const unknown = await errorOf(() => userAuth(clientId, { USERNAME: 'nobody' }));
    assert.equal(unknown.name, 'UserNotFoundException');

    // Another user's Session is no answer for this one.
    await confirmedUser(server, poolId, 'ivy', withEmail('ivy'));
    await confirmedUser(server, poolId, 'jay', withEmail('jay'));
    const ivys = await userAuth(clientId, { USERNAME: 'ivy' });
    const crossed = await errorOf(() => respond(clientId, 'SELECT_CHALLENGE', ivys.Session, { USERNAME: 'jay', ANSWER: 'PASSWORD', PASSWORD }));
    assert.equal(crossed.name, 'NotAuthorizedException');
  });

  it('a client that hides users: an unknown name\'s AvailableChallenges look like a user\'s (a stable draw of the pool\'s factors), and its passwordless answers are simulated', async () => {
    const { poolId } = await pool(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    const hiding = (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'hiding', ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: 'ENABLED',
    }))).UserPoolClient!.ClientId!;
    const offered = new Map<string, string[]>();
    for (let i = 0; i < 16; i++) {
      const name = `ghost${i}@example.com`;
      const first = await userAuth(hiding, { USERNAME: name });
      const again = await userAuth(hiding, { USERNAME: name });
      // The same name is offered the same factors every time.
      assert.deepEqual(again.AvailableChallenges, first.AvailableChallenges);
      offered.set(name, first.AvailableChallenges!);
    }
    const shapes = new Set([...offered.values()].map((a) => a.join(',')));
    // Unknown names are not all offered passwords only (as a known user with an email is not).
    assert.ok(shapes.size > 1, [...shapes].join(' | '));
    for (const shape of shapes) assert.ok(shape.startsWith('PASSWORD,PASSWORD_SRP'), shape);

    const withEmailOtp = [...offered].find(([, a]) => a.includes('EMAIL_OTP'))![0];
    const select = await userAuth(hiding, { USERNAME: withEmailOtp });
    const otp = await respond(hiding, 'SELECT_CHALLENGE', select.Session, { USERNAME: withEmailOtp, ANSWER: 'EMAIL_OTP' });
    assert.equal(otp.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(otp.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'g***@e***' });
    assert.equal(sinks.countFor(withEmailOtp), 0);
    const wrong = await errorOf(() => respond(hiding, 'EMAIL_OTP', otp.Session, { USERNAME: withEmailOtp, EMAIL_OTP_CODE: '123456' }));
    assert.equal(wrong.name, 'CodeMismatchException');
    // PREFERRED_CHALLENGE works the same way.
    const preferred = await userAuth(hiding, { USERNAME: withEmailOtp, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(preferred.ChallengeName, 'EMAIL_OTP');

    const withPasskey = [...offered].find(([, a]) => a.includes('WEB_AUTHN'))![0];
    const passkey = await userAuth(hiding, { USERNAME: withPasskey, PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(passkey.ChallengeName, 'WEB_AUTHN');
    const options = JSON.parse(passkey.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as { allowCredentials: unknown[]; challenge: string };
    assert.equal(options.allowCredentials.length, 1);
  });

  it('a password answered inline at SELECT_CHALLENGE', async () => {
    const { poolId, clientId } = await pool(['PASSWORD']);
    await confirmedUser(server, poolId, 'dave');
    const select = await userAuth(clientId, { USERNAME: 'dave' });
    const done = await respond(clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'dave', ANSWER: 'PASSWORD', PASSWORD });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('needs ALLOW_USER_AUTH and a factor the pool allows', async () => {
    const { poolId, clientId } = await pool(['PASSWORD'], ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    await confirmedUser(server, poolId, 'erin', withEmail('erin'));
    const off = await errorOf(() => userAuth(clientId, { USERNAME: 'erin' }));
    assert.equal(off.name, 'InvalidParameterException');
    const allowed = await pool(['PASSWORD']);
    await confirmedUser(server, allowed.poolId, 'erin', withEmail('erin'));
    const select = await userAuth(allowed.clientId, { USERNAME: 'erin', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(select.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    const refused = await errorOf(() => respond(allowed.clientId, 'SELECT_CHALLENGE', select.Session, { USERNAME: 'erin', ANSWER: 'EMAIL_OTP' }));
    assert.equal(refused.name, 'InvalidParameterException');
  });
});

describe('USER_AUTH with Amplify v6', () => {
  const { tokenStorage } = memoryTokenStorage();
  afterEach(async () => { await signOut(); });

  it('signs in without a password: signIn with USER_AUTH and EMAIL_OTP, confirmSignIn with the emailed code', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP']);
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.url } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
    await confirmedUser(server, poolId, 'frank', withEmail('frank'));
    const started = await signIn({ username: 'frank', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    assert.equal(started.isSignedIn, false);
    assert.equal(started.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const code = await sinks.codeFor('frank@example.com');
    const wrong = await errorOf(() => confirmSignIn({ challengeResponse: otherThan(code) }));
    assert.equal(wrong.name, 'CodeMismatchException');
    const done = await confirmSignIn({ challengeResponse: code });
    assert.equal(done.isSignedIn, true);
    assert.equal(done.nextStep.signInStep, 'DONE');
  });

  it('chooses among the available challenges (CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION)', async () => {
    const { poolId, clientId } = await pool(['PASSWORD', 'EMAIL_OTP']);
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.url } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
    await confirmedUser(server, poolId, 'gina', withEmail('gina'));
    const started = await signIn({ username: 'gina', options: { authFlowType: 'USER_AUTH' } });
    assert.equal(started.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    const emailed = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    assert.equal(emailed.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const done = await confirmSignIn({ challengeResponse: await sinks.codeFor('gina@example.com') });
    assert.equal(done.isSignedIn, true);
  });
});
