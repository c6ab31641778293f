/**
 * Sign-in right after sign-up: SignUp and ConfirmSignUp answer with a Session, and USER_AUTH's
 * InitiateAuth / AdminInitiateAuth take ConfirmSignUp's in place of a first factor (the emailed
 * confirmation code was it): once, for that user and client only, with no MFA after it. Then
 * Amplify v6's autoSignIn with USER_AUTH, which carries the Session itself.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand, ConfirmSignUpCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
  SetUserPoolMfaConfigCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { autoSignIn, confirmSignUp, fetchAuthSession, signOut, signUp } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { serverWithSinks, type Sinks } from '../../helpers/message-sinks.ts';
import { errorOf, type TestServer } from '../../helpers/server.ts';
import { memoryTokenStorage } from '../../helpers/amplify-storage.ts';

const clock = testClock();
let server: TestServer;
let sinks: Sinks;
serverWithSinks(clock, (started) => ({ server, sinks } = started));

let pools = 0;
async function pool(mfaOn = false) {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: `sign-up-session-${++pools}`, AutoVerifiedAttributes: ['email'],
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
  }));
  const poolId = UserPool!.Id!;
  if (mfaOn) {
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  }
  const client = async (name: string) => (await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: name, ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }))).UserPoolClient!.ClientId!;
  return { poolId, clientId: await client('app'), otherClientId: await client('other') };
}

async function signUpAndConfirm(clientId: string, name: string, passSignUpSession = true) {
  const signedUp = await server.anonymousClient.send(new SignUpCommand({
    ClientId: clientId, Username: name, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }],
  }));
  const code = await sinks.codeFor(`${name}@example.com`);
  const confirmed = await server.anonymousClient.send(new ConfirmSignUpCommand({
    ClientId: clientId, Username: name, ConfirmationCode: code, ...(passSignUpSession ? { Session: signedUp.Session } : {}),
  }));
  return { signedUp, confirmed };
}

const userAuth = (clientId: string, username: string, Session: string | undefined) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username }, Session,
}));

describe('sign-in right after sign-up (AWS SDK)', () => {
  it('SignUp and ConfirmSignUp return a Session; USER_AUTH with it issues tokens once', async () => {
    const { clientId } = await pool();
    const { signedUp, confirmed } = await signUpAndConfirm(clientId, 'amy');
    assert.equal(signedUp.UserConfirmed, false);
    assert.ok(signedUp.Session);
    assert.ok(confirmed.Session);
    const done = await userAuth(clientId, 'amy', confirmed.Session);
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal(done.ChallengeName, undefined);
    const again = await errorOf(() => userAuth(clientId, 'amy', confirmed.Session));
    assert.equal(again.name, 'NotAuthorizedException');
    assert.equal(again.message, 'Invalid session for the user, session can only be used once.');
  });

  it('ConfirmSignUp without SignUp\'s Session still answers with one (as Amplify calls it); AdminInitiateAuth takes it too', async () => {
    const { poolId, clientId } = await pool();
    const { confirmed } = await signUpAndConfirm(clientId, 'ben', false);
    const done = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ben' }, Session: confirmed.Session,
    }));
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('refuses the Session for another user, from another client, or a challenge\'s Session in its place', async () => {
    const { clientId, otherClientId } = await pool();
    const { signedUp, confirmed } = await signUpAndConfirm(clientId, 'cid');
    await signUpAndConfirm(clientId, 'dee');
    const otherUser = await errorOf(() => userAuth(clientId, 'dee', confirmed.Session));
    assert.equal(otherUser.name, 'NotAuthorizedException');
    const otherClient = await errorOf(() => userAuth(otherClientId, 'cid', confirmed.Session));
    assert.equal(otherClient.name, 'NotAuthorizedException');
    // SignUp's Session is for ConfirmSignUp, not a sign-in.
    const early = await errorOf(() => userAuth(clientId, 'cid', signedUp.Session));
    assert.equal(early.name, 'NotAuthorizedException');
    const forged = await errorOf(() => userAuth(clientId, 'cid', 'x'.repeat(64)));
    assert.equal(forged.name, 'NotAuthorizedException');
    // Still unspent after those refusals.
    assert.ok((await userAuth(clientId, 'cid', confirmed.Session)).AuthenticationResult);
  });

  it('ConfirmSignUp refuses another user\'s SignUp Session before spending the code', async () => {
    const { clientId } = await pool();
    const eve = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'eve', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'eve@example.com' }],
    }));
    const fay = await server.anonymousClient.send(new SignUpCommand({
      ClientId: clientId, Username: 'fay', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'fay@example.com' }],
    }));
    const code = await sinks.codeFor('fay@example.com');
    const wrong = await errorOf(() => server.anonymousClient.send(new ConfirmSignUpCommand({
      ClientId: clientId, Username: 'fay', ConfirmationCode: code, Session: eve.Session,
    })));
    assert.equal(wrong.name, 'NotAuthorizedException');
    const right = await server.anonymousClient.send(new ConfirmSignUpCommand({
      ClientId: clientId, Username: 'fay', ConfirmationCode: code, Session: fay.Session,
    }));
    assert.ok(right.Session);
  });

  it('the confirmation code is the first factor: no MFA follows in a pool with MFA ON', async () => {
    const { clientId } = await pool(true);
    const { confirmed } = await signUpAndConfirm(clientId, 'gus');
    const done = await userAuth(clientId, 'gus', confirmed.Session);
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('expires with the client\'s AuthSessionValidity (3 minutes)', async () => {
    const { clientId } = await pool();
    const { confirmed } = await signUpAndConfirm(clientId, 'hal');
    clock.t += 3 * 60_000 + 1;
    const late = await errorOf(() => userAuth(clientId, 'hal', confirmed.Session));
    assert.equal(late.name, 'NotAuthorizedException');
    assert.equal(late.message, 'Invalid session for the user, session is expired.');
  });
});

describe('Amplify v6 autoSignIn with USER_AUTH', () => {
  const { tokenStorage } = memoryTokenStorage();

  it('signUp (autoSignIn: USER_AUTH), confirmSignUp with the emailed code, autoSignIn: signed in without the password again', async () => {
    const { poolId, clientId } = await pool();
    Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: server.url } } });
    cognitoUserPoolsTokenProvider.setKeyValueStorage(tokenStorage);
    const started = await signUp({
      username: 'ivy',
      options: { userAttributes: { email: 'ivy@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } },
    });
    assert.equal(started.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    const confirmed = await confirmSignUp({ username: 'ivy', confirmationCode: await sinks.codeFor('ivy@example.com') });
    assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
    const signedIn = await autoSignIn();
    assert.equal(signedIn.isSignedIn, true);
    assert.equal(signedIn.nextStep.signInStep, 'DONE');
    const session = await fetchAuthSession();
    assert.equal(session.tokens?.idToken?.payload['cognito:username'], 'ivy');
    await signOut();
  });
});
