/**
 * The race suite on one server (SQLite, or PostgreSQL when ALCOVE_TEST_DATABASE_URL is set):
 * every check-then-act that a burst of identical requests could slip through (lockout, single-use
 * codes and their attempt limit, refresh against revocation, rotation, admin changes against the
 * user's own writes) holds its invariant. test/multi-node/races.test.ts runs the same scenarios
 * across two nodes.
 */
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  adminChangesSurvive, ANONYMOUS, authorizationCodeOnce, burstClient, clientSecretsAtMostTwo, codeAttemptLimit,
  brandingUpdatesCompose, concurrentSignInsSucceed, confirmDeviceOnce, confirmSignUpCodeOnce, customChallengeAnswerOnce, deletePoolVersusGetId,
  deleteVersusLink, deviceVerifierOnce, directoryWritesCompose, FIXED_CODE, forgotPasswordCodeOnce, getIdOnce,
  identityBurstClient, lockoutBurst, mergesCompose, mfaAnsweredElsewhere, mfaCodeOnce, migrationOnce, passwordlessCodeOnce,
  RACE_FUNCTIONS, refreshVersusGlobalSignOut, refreshVersusRevokeToken, reuseRevokesFamily, revocationVersusIssue,
  rotationWithoutGrace, signUpSessionOnce, totpCodeOnce, webAuthnAssertionOnce, type IdentityRaceTarget,
} from './scenarios.ts';

describe('races on one server', () => {
  let server: TestServer;
  let target: IdentityRaceTarget;
  before(async () => {
    // Bursts of up to 300 connections from one address: above the per-address connection cap.
    server = await startTestServer({ dev: true, devFixedCode: FIXED_CODE, maxConnectionsPerAddress: 0, functions: RACE_FUNCTIONS });
    const key = server.accessKeys[0]!;
    target = {
      admin: [burstClient(server.url, { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey })],
      anon: [burstClient(server.url, ANONYMOUS)],
      identityAdmin: [identityBurstClient(server.url, { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey })],
      identityAnon: [identityBurstClient(server.url, ANONYMOUS)],
    };
  });
  after(async () => {
    for (const c of [...target.admin, ...target.anon, ...target.identityAdmin, ...target.identityAnon]) c.destroy();
    await server.stop();
  });

  it('checks at most the lockout\'s count of passwords in a burst of 300, the right one included', () => lockoutBurst(target, 300));
  it('signs in 20 right passwords of one user at once, none refused', () => concurrentSignInsSucceed(target, 20));
  it('accepts a ConfirmForgotPassword code once out of 20 at once', () => forgotPasswordCodeOnce(target, 20));
  it('accepts a ConfirmSignUp code once out of 15 at once', () => confirmSignUpCodeOnce(target, 15));
  it('compares at most five wrong codes out of 20 at once', () => codeAttemptLimit(target, 20));
  it('leaves no token alive after AdminUserGlobalSignOut raced by 20 refreshes (10 rounds)', () => refreshVersusGlobalSignOut(target, 10, 20));
  it('leaves no token alive after RevokeToken raced by 20 refreshes (10 rounds)', () => refreshVersusRevokeToken(target, 10, 20));
  it('gives one successor for 100 rotations of one token without a grace period', () => rotationWithoutGrace(target, 100));
  it('revokes the family when a rotated-out token is reused after its grace period', () => reuseRevokesFamily(target));
  it('loses no admin change to the user\'s concurrent UpdateUserAttributes (10 rounds each)', () => adminChangesSurvive(target, 10, 10));
  it('composes concurrent group adds, tag writes and deletes of one user (20 at once)', () => directoryWritesCompose(target, 20));
  it('keeps at most two client secrets under 20 concurrent AddUserPoolClientSecret', () => clientSecretsAtMostTwo(target, 20));
  it('redeems an authorization code once out of 20 at once, and revokes its tokens as a replay', () => authorizationCodeOnce(target, 20));
  it('answers one identity to 20 GetIds (and 20 developer tokens) for one login at once', () => getIdOnce(target, 20));
  it('loses and doubles no login in 20 concurrent MergeDeveloperIdentities', () => mergesCompose(target, 20));
  it('leaves no login on an identity deleted while 15 calls link to it', () => deleteVersusLink(target, 15));
  it('answers 20 GetIds raced by DeleteIdentityPool with an identity or ResourceNotFoundException, none left behind', () => deletePoolVersusGetId(target, 20));
  it('accepts one TOTP code once out of 20 sign-ins answering at once', () => totpCodeOnce(target, 20));
  it('accepts an SMS_MFA answer once out of 20 identical ones on one Session', () => mfaCodeOnce(target, 20, 'SMS_MFA'));
  it('accepts an EMAIL_OTP answer once out of 20 identical ones on one Session', () => mfaCodeOnce(target, 20, 'EMAIL_OTP'));
  it('spends an MFA Session once', () => mfaAnsweredElsewhere(target));
  it('revokes an issued key once out of 20 at once, and a role session against 20 issues and 20 verifications', () => revocationVersusIssue(target, 20));
  it('accepts a passkey assertion once out of 20 identical ones on one Session', () => webAuthnAssertionOnce(target, 20));
  it('accepts a passwordless EMAIL_OTP answer once out of 20 identical ones on one Session', () => passwordlessCodeOnce(target, 20));
  it('signs in once with ConfirmSignUp\'s Session sent to USER_AUTH 20 times at once', () => signUpSessionOnce(target, 20));
  it('signs in once with the right custom challenge answer sent 20 times at once', () => customChallengeAnswerOnce(target, 20));
  it('accepts a DEVICE_PASSWORD_VERIFIER answer once out of 20 identical ones on one Session', () => deviceVerifierOnce(target, 20));
  it('confirms a device once out of 20 ConfirmDevice calls at once', () => confirmDeviceOnce(target, 20));
  it('keeps every one of 20 UpdateManagedLoginBranding calls at once on one style', () => brandingUpdatesCompose(target, 20));
  it('creates a migrated user once out of 20 first sign-ins at once', () => migrationOnce(target, 20));
});
