/**
 * TOTP with the AWS SDK: AssociateSoftwareToken / VerifySoftwareToken with an access token and
 * during MFA_SETUP, the SOFTWARE_TOKEN_MFA challenge after every password flow (SRP included,
 * and after NEW_PASSWORD_REQUIRED), codes used once, wrong and replayed codes, sessions reused,
 * out of order or of another user: Cognito's errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminDeleteSoftwareTokenCommand, AdminGetUserCommand, AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand, AssociateSoftwareTokenCommand, GetUserCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SetUserMFAPreferenceCommand, SetUserPoolMfaConfigCommand, VerifySoftwareTokenCommand,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient, srpClient, testClock } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { totpCode } from '../../../src/userPools/mfa/totp.ts';

const clock = testClock();
let server: TestServer;
before(async () => { server = await startTestServer({}, { clock }); });
after(async () => { await server.stop(); });
beforeEach(() => { clock.t = Date.now(); });

const STEP = 30_000;

async function mfaPool(mode: 'ON' | 'OPTIONAL') {
  const ids = await poolAndClient(server);
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: ids.poolId, MfaConfiguration: mode, SoftwareTokenMfaConfiguration: { Enabled: true },
  }));
  return ids;
}

const passwordSignIn = (clientId: string, username: string, password = PASSWORD) => server.anonymousClient.send(new InitiateAuthCommand({
  AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password },
}));

const respond = (clientId: string, ChallengeName: ChallengeNameType, Session: string | undefined, responses: Record<string, string>) =>
  server.anonymousClient.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName, Session, ChallengeResponses: responses }));

/** A user with a verified, preferred software token; returns its seed. */
async function userWithTotp(poolId: string, clientId: string, username: string): Promise<string> {
  await confirmedUser(server, poolId, username);
  const { AuthenticationResult } = await passwordSignIn(clientId, username);
  const AccessToken = AuthenticationResult!.AccessToken!;
  const { SecretCode } = await server.anonymousClient.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  await server.anonymousClient.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totpCode(SecretCode!, clock.now()) }));
  await server.anonymousClient.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
  clock.advance(STEP); // the verification spent the current step
  return SecretCode!;
}

describe('TOTP', () => {
  it('sets up with an access token, then every sign-in asks for a code, each code used once', async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL');
    await confirmedUser(server, poolId, 'alice');
    const first = await passwordSignIn(clientId, 'alice');
    assert.ok(first.AuthenticationResult?.AccessToken, 'no factor yet: no MFA');
    const AccessToken = first.AuthenticationResult.AccessToken;

    const { SecretCode } = await server.anonymousClient.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    assert.match(SecretCode!, /^[A-Z2-7]{52}$/);
    const wrong = await errorOf(() => server.anonymousClient.send(new VerifySoftwareTokenCommand({
      AccessToken, UserCode: totpCode(SecretCode!, clock.now() + 10 * STEP),
    })));
    assert.equal(wrong.name, 'EnableSoftwareTokenMFAException');
    assert.equal(wrong.message, 'Code mismatch');
    const verified = await server.anonymousClient.send(new VerifySoftwareTokenCommand({
      AccessToken, UserCode: totpCode(SecretCode!, clock.now()), FriendlyDeviceName: 'phone',
    }));
    assert.equal(verified.Status, 'SUCCESS');
    assert.ok((await passwordSignIn(clientId, 'alice')).AuthenticationResult, 'verified, not yet turned on: no MFA');
    const nothingPending = await errorOf(() => server.anonymousClient.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: '123456' })));
    assert.equal(nothingPending.name, 'SoftwareTokenMFANotFoundException');

    await server.anonymousClient.send(new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const me = await server.anonymousClient.send(new GetUserCommand({ AccessToken }));
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
    const admin = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

    const challenge = await passwordSignIn(clientId, 'alice');
    assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(challenge.AuthenticationResult, undefined);
    assert.ok(challenge.Session);
    // The code VerifySoftwareToken took is spent.
    const used = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, {
      USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode!, clock.now()),
    }));
    assert.equal(used.name, 'ExpiredCodeException');
    assert.equal(used.message, 'Your software token has already been used once.');
    clock.advance(STEP);
    const mismatch = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, {
      USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode!, clock.now() + 5 * STEP),
    }));
    assert.equal(mismatch.name, 'CodeMismatchException');
    const code = totpCode(SecretCode!, clock.now());
    const done = await respond(clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: code });
    assert.ok(done.AuthenticationResult?.AccessToken);

    // The same session again, and the same code in a new sign-in: refused.
    const reused = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: code }));
    assert.equal(reused.name, 'NotAuthorizedException');
    assert.match(reused.message, /^Invalid session for the user/);
    const again = await passwordSignIn(clientId, 'alice');
    const replay = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: code }));
    assert.equal(replay.name, 'ExpiredCodeException');
    // One step of drift either side is accepted.
    const late = totpCode(SecretCode!, clock.now() - STEP + 1);
    clock.advance(STEP);
    const drift = await respond(clientId, 'SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'alice', SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode!, clock.now() + STEP) });
    assert.ok(drift.AuthenticationResult, late);
  });

  it('MFA ON walks a new user through MFA_SETUP: AssociateSoftwareToken and VerifySoftwareToken with the Session', async () => {
    const { poolId, clientId } = await mfaPool('ON');
    await confirmedUser(server, poolId, 'bob');
    const setup = await passwordSignIn(clientId, 'bob');
    assert.equal(setup.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP!), ['SOFTWARE_TOKEN_MFA']);

    // Answering before the token is verified, or as another challenge: refused.
    const early = await errorOf(() => respond(clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'bob' }));
    assert.equal(early.name, 'SoftwareTokenMFANotFoundException');
    const outOfOrder = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', setup.Session, { USERNAME: 'bob', SOFTWARE_TOKEN_MFA_CODE: '123456' }));
    assert.equal(outOfOrder.name, 'NotAuthorizedException');
    assert.equal(outOfOrder.message, 'Invalid session for the user.');

    const associated = await server.anonymousClient.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    assert.ok(associated.SecretCode && associated.Session && associated.Session !== setup.Session);
    const spent = await errorOf(() => server.anonymousClient.send(new AssociateSoftwareTokenCommand({ Session: setup.Session })));
    assert.equal(spent.name, 'NotAuthorizedException');
    const verified = await server.anonymousClient.send(new VerifySoftwareTokenCommand({
      Session: associated.Session, UserCode: totpCode(associated.SecretCode!, clock.now()), FriendlyDeviceName: 'laptop',
    }));
    assert.equal(verified.Status, 'SUCCESS');
    assert.ok(verified.Session);
    const restart = await errorOf(() => server.anonymousClient.send(new AssociateSoftwareTokenCommand({ Session: verified.Session })));
    assert.equal(restart.name, 'NotAuthorizedException');
    const garbage = await errorOf(() => server.anonymousClient.send(new VerifySoftwareTokenCommand({ Session: 'x'.repeat(40), UserCode: '123456' })));
    assert.equal(garbage.name, 'NotAuthorizedException');
    const done = await respond(clientId, 'MFA_SETUP', verified.Session, { USERNAME: 'bob' });
    assert.ok(done.AuthenticationResult?.AccessToken);
    const me = await server.anonymousClient.send(new GetUserCommand({ AccessToken: done.AuthenticationResult.AccessToken }));
    assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);

    clock.advance(STEP);
    const next = await passwordSignIn(clientId, 'bob');
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const tokens = await respond(clientId, 'SOFTWARE_TOKEN_MFA', next.Session, { USERNAME: 'bob', SOFTWARE_TOKEN_MFA_CODE: totpCode(associated.SecretCode!, clock.now()) });
    assert.ok(tokens.AuthenticationResult);
  });

  it('asks for the code after SRP (PASSWORD_VERIFIER), after AdminInitiateAuth, and after a new password', async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL');
    const seed = await userWithTotp(poolId, clientId, 'carol');
    await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true },
    }));
    const srp = srpClient(poolId);
    const step1 = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'carol', SRP_A: srp.srpA },
    }));
    const step2 = await respond(clientId, 'PASSWORD_VERIFIER', undefined, srp.answer(step1.ChallengeParameters!, PASSWORD));
    assert.equal(step2.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const srpDone = await respond(clientId, 'SOFTWARE_TOKEN_MFA', step2.Session, { USERNAME: 'carol', SOFTWARE_TOKEN_MFA_CODE: totpCode(seed, clock.now()) });
    assert.ok(srpDone.AuthenticationResult);

    clock.advance(STEP);
    const adminStep = await server.client.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD },
    }));
    assert.equal(adminStep.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const adminDone = await server.client.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: adminStep.Session,
      ChallengeResponses: { USERNAME: 'carol', SOFTWARE_TOKEN_MFA_CODE: totpCode(seed, clock.now()) },
    }));
    assert.ok(adminDone.AuthenticationResult);

    // An invited user: new password first, then MFA set-up; no tokens in between.
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dave', TemporaryPassword: 'Temp-Password1', MessageAction: 'SUPPRESS' }));
    const invited = await passwordSignIn(clientId, 'dave', 'Temp-Password1');
    assert.equal(invited.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const afterPassword = await respond(clientId, 'NEW_PASSWORD_REQUIRED', invited.Session, { USERNAME: 'dave', NEW_PASSWORD: 'Chosen-Password1' });
    assert.equal(afterPassword.ChallengeName, 'MFA_SETUP');
    assert.equal(afterPassword.AuthenticationResult, undefined);
  });

  it("refuses another user's session, and AdminDeleteSoftwareToken turns TOTP off", async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL');
    const seed = await userWithTotp(poolId, clientId, 'erin');
    await userWithTotp(poolId, clientId, 'frank');
    const erin = await passwordSignIn(clientId, 'erin');
    const foreign = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', erin.Session, { USERNAME: 'frank', SOFTWARE_TOKEN_MFA_CODE: totpCode(seed, clock.now()) }));
    assert.equal(foreign.name, 'NotAuthorizedException');
    assert.equal(foreign.message, 'Invalid session for the user.');
    const noCode = await errorOf(() => respond(clientId, 'SOFTWARE_TOKEN_MFA', erin.Session, { USERNAME: 'erin' }));
    assert.equal(noCode.name, 'InvalidParameterException');

    await server.client.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: poolId, Username: 'erin' }));
    const admin = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    assert.equal(admin.UserMFASettingList, undefined);
    assert.ok((await passwordSignIn(clientId, 'erin')).AuthenticationResult);
  });
});
