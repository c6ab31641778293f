/**
 * MFA through Amplify v6 in Node: setUpTOTP / verifyTOTPSetup, updateMFAPreference and
 * fetchMFAPreference when signed in; signIn with the TOTP and EMAIL_OTP challenges
 * (confirmSignIn with the code, the email's read from the SMTP server the test runs); TOTP set
 * up during sign-in when the pool requires MFA.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  CreateUserPoolClientCommand, CreateUserPoolCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import {
  confirmSignIn, fetchMFAPreference, setUpTOTP, signIn, signOut, updateMFAPreference, verifyTOTPSetup,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { confirmedUser, PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { serverWithSinks, SES, type Sinks } from '../../helpers/message-sinks.ts';
import { errorOf, type TestServer } from '../../helpers/server.ts';
import { memoryTokenStorage } from '../../helpers/amplify-storage.ts';
import { totpCode } from '../../../src/userPools/mfa/totp.ts';

const clock = testClock();
let server: TestServer;
let sinks: Sinks;
serverWithSinks(clock, (started) => ({ server, sinks } = started));
afterEach(async () => { await signOut(); });

const { tokenStorage } = memoryTokenStorage();
const STEP = 30_000;

async function setup(mode: 'ON' | 'OPTIONAL'): Promise<string> {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'amplify-mfa', EmailConfiguration: SES }));
  const poolId = UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: mode, SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {},
  }));
  const client = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: client.UserPoolClient!.ClientId!, userPoolEndpoint: server.url } } });
  cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
  return poolId;
}

describe('Amplify v6 MFA', () => {
  it('sets up TOTP (setUpTOTP, verifyTOTPSetup, updateMFAPreference), then signs in with the TOTP code', async () => {
    const poolId = await setup('OPTIONAL');
    await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
    assert.equal((await signIn({ username: 'alice', password: PASSWORD })).isSignedIn, true);
    assert.deepEqual(await fetchMFAPreference(), { preferred: undefined, enabled: undefined });

    const details = await setUpTOTP();
    assert.match(details.sharedSecret, /^[A-Z2-7]{52}$/);
    assert.match(details.getSetupUri('Alcove').toString(), new RegExp(`^otpauth://totp/Alcove:.*[?&]secret=${details.sharedSecret}`));
    await verifyTOTPSetup({ code: totpCode(details.sharedSecret, clock.now()), options: { friendlyDeviceName: 'phone' } });
    await updateMFAPreference({ totp: 'PREFERRED', email: 'ENABLED' });
    assert.deepEqual(await fetchMFAPreference(), { preferred: 'TOTP', enabled: ['TOTP', 'EMAIL'] });
    await signOut();
    clock.advance(STEP);

    const challenged = await signIn({ username: 'alice', password: PASSWORD });
    assert.equal(challenged.isSignedIn, false);
    assert.equal(challenged.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const wrong = await errorOf(() => confirmSignIn({ challengeResponse: totpCode(details.sharedSecret, clock.now() + 5 * STEP) }));
    assert.equal(wrong.name, 'CodeMismatchException');
    const done = await confirmSignIn({ challengeResponse: totpCode(details.sharedSecret, clock.now()) });
    assert.equal(done.isSignedIn, true);
    assert.equal(done.nextStep.signInStep, 'DONE');
  });

  it('signs in with the EMAIL_OTP challenge, the code read from the SMTP server', async () => {
    const poolId = await setup('OPTIONAL');
    await confirmedUser(server, poolId, 'bob', [{ Name: 'email', Value: 'bob@example.com' }]);
    await signIn({ username: 'bob', password: PASSWORD });
    await updateMFAPreference({ email: 'PREFERRED' });
    assert.deepEqual(await fetchMFAPreference(), { preferred: 'EMAIL', enabled: ['EMAIL'] });
    await signOut();

    const challenged = await signIn({ username: 'bob', password: PASSWORD });
    assert.equal(challenged.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    assert.deepEqual(challenged.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' && challenged.nextStep.codeDeliveryDetails, {
      deliveryMedium: 'EMAIL', destination: 'b***@e***',
    });
    const code = await sinks.codeFor('bob@example.com');
    const done = await confirmSignIn({ challengeResponse: code });
    assert.equal(done.isSignedIn, true);
  });

  it('sets up TOTP during sign-in when the pool requires MFA', async () => {
    const poolId = await setup('ON');
    await confirmedUser(server, poolId, 'carol');
    // TOTP and email are both on offer (MFAS_CAN_SETUP): Amplify asks which.
    const selection = await signIn({ username: 'carol', password: PASSWORD });
    assert.equal(selection.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION');
    assert.deepEqual(selection.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION' && selection.nextStep.allowedMFATypes, ['TOTP', 'EMAIL']);
    const setupStep = await confirmSignIn({ challengeResponse: 'TOTP' });
    assert.equal(setupStep.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
    const secret = setupStep.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' ? setupStep.nextStep.totpSetupDetails.sharedSecret : '';
    const done = await confirmSignIn({ challengeResponse: totpCode(secret, clock.now()) });
    assert.equal(done.isSignedIn, true);
    assert.deepEqual(await fetchMFAPreference(), { preferred: undefined, enabled: ['TOTP'] });
  });
});
