/**
 * The race suite across two real nodes on one PostgreSQL (test/race/scenarios.ts): every burst
 * alternates its requests between the nodes, so the invariants must hold through the database
 * alone (row locks and single conditional statements), not through anything a node keeps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { NodeProcess } from '../helpers/node-process.ts';
import { testCluster } from '../helpers/node-process.ts';
import {
  adminChangesSurvive, ANONYMOUS, authorizationCodeOnce, burstClient, clientSecretsAtMostTwo, codeAttemptLimit,
  brandingUpdatesCompose, concurrentSignInsSucceed, confirmDeviceOnce, confirmSignUpCodeOnce, customChallengeAnswerOnce, deletePoolVersusGetId,
  deleteVersusLink, deviceVerifierOnce, directoryWritesCompose, FIXED_CODE, forgotPasswordCodeOnce, getIdOnce,
  identityBurstClient, lockoutBurst, mergesCompose, mfaAnsweredElsewhere, mfaCodeOnce, migrationOnce, passwordlessCodeOnce,
  RACE_FUNCTIONS, refreshVersusGlobalSignOut, refreshVersusRevokeToken, reuseRevokesFamily, revocationVersusIssue,
  rotationWithoutGrace, signUpSessionOnce, totpCodeOnce, webAuthnAssertionOnce, type IdentityRaceTarget,
} from '../race/scenarios.ts';
import { SKIP, adminUrl, createTestDatabase, startNodes, type TestDatabase } from './cluster.ts';

describe('two nodes, one database: races', { skip: SKIP }, () => {
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];
  let target: IdentityRaceTarget;
  let configFile: string | undefined;

  before(async () => {
    db = await createTestDatabase(adminUrl!);
    // The custom-challenge triggers: a `functions` map only a config file can hold.
    configFile = path.join(mkdtempSync(path.join(tmpdir(), 'alcove-races-')), 'alcove.json');
    writeFileSync(configFile, JSON.stringify({ functions: RACE_FUNCTIONS }));
    // Bursts of up to 300 connections from one address: above the per-address connection cap.
    nodes = await startNodes(db, 2, {
      ALCOVE_DEV: 'true', ALCOVE_DEV_FIXED_CODE: FIXED_CODE, ALCOVE_MAX_CONNECTIONS_PER_ADDRESS: '0', ALCOVE_CONFIG: configFile,
    });
    const cluster = testCluster(db.url);
    const key = { accessKeyId: cluster.accessKeyId, secretAccessKey: cluster.secretAccessKey };
    target = {
      admin: nodes.map((n) => burstClient(n.url, key)),
      anon: nodes.map((n) => burstClient(n.url, ANONYMOUS)),
      identityAdmin: nodes.map((n) => identityBurstClient(n.url, key)),
      identityAnon: nodes.map((n) => identityBurstClient(n.url, ANONYMOUS)),
    };
  });
  after(async () => {
    for (const c of [...(target?.admin ?? []), ...(target?.anon ?? []), ...(target?.identityAdmin ?? []), ...(target?.identityAnon ?? [])]) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
    if (configFile) rmSync(path.dirname(configFile), { recursive: true, force: true });
  });

  it('checks at most the lockout\'s count of passwords in a burst of 300 over both nodes', () => lockoutBurst(target, 300));
  it('signs in 20 right passwords of one user at once over both nodes, none refused', () => concurrentSignInsSucceed(target, 20));
  it('accepts a ConfirmForgotPassword code once out of 20 over both nodes', () => forgotPasswordCodeOnce(target, 20));
  it('accepts a ConfirmSignUp code once out of 15 over both nodes', () => confirmSignUpCodeOnce(target, 15));
  it('compares at most five wrong codes out of 20 over both nodes', () => codeAttemptLimit(target, 20));
  it('leaves no token alive after AdminUserGlobalSignOut on one node raced by refreshes on both (10 rounds)', () => refreshVersusGlobalSignOut(target, 10, 20));
  it('leaves no token alive after RevokeToken on one node raced by refreshes on both (10 rounds)', () => refreshVersusRevokeToken(target, 10, 20));
  it('gives one successor for 100 rotations of one token over both nodes without a grace period', () => rotationWithoutGrace(target, 100));
  it('revokes the family when a rotated-out token is reused on the other node', () => reuseRevokesFamily(target));
  it('answers one identity to 20 GetIds for one login over both nodes', () => getIdOnce(target, 20));
  it('loses and doubles no login in 20 concurrent MergeDeveloperIdentities over both nodes', () => mergesCompose(target, 20));
  it('leaves no login on an identity deleted while 15 calls on both nodes link to it', () => deleteVersusLink(target, 15));
  it('answers 20 GetIds over both nodes raced by DeleteIdentityPool with an identity or ResourceNotFoundException', () => deletePoolVersusGetId(target, 20));
  it('loses no admin change on one node to UpdateUserAttributes on both (10 rounds each)', () => adminChangesSurvive(target, 10, 10));
  it('composes concurrent group adds, tag writes and deletes of one user over both nodes', () => directoryWritesCompose(target, 20));
  it('keeps at most two client secrets under 20 concurrent AddUserPoolClientSecret', () => clientSecretsAtMostTwo(target, 20));
  it('redeems an authorization code once out of 20 over both nodes, and revokes its tokens as a replay', () => authorizationCodeOnce(target, 20));
  it('accepts one TOTP code once out of 20 sign-ins answering at once over both nodes (a replay on the other node refused)', () => totpCodeOnce(target, 20));
  it('accepts an SMS_MFA answer once out of 20 identical ones over both nodes', () => mfaCodeOnce(target, 20, 'SMS_MFA'));
  it('accepts an EMAIL_OTP answer once out of 20 identical ones over both nodes', () => mfaCodeOnce(target, 20, 'EMAIL_OTP'));
  it('answers an MFA step on the other node than the one that issued it, and spends its Session on both', () => mfaAnsweredElsewhere(target));
  it('revokes an issued key once out of 20 over both nodes, and a role session against issues and verifications on both', () => revocationVersusIssue(target, 20));
  it('accepts a passkey assertion once out of 20 identical ones over both nodes', () => webAuthnAssertionOnce(target, 20));
  it('accepts a passwordless EMAIL_OTP answer once out of 20 identical ones over both nodes', () => passwordlessCodeOnce(target, 20));
  it('signs in once with ConfirmSignUp\'s Session sent to USER_AUTH 20 times over both nodes', () => signUpSessionOnce(target, 20));
  it('signs in once with the right custom challenge answer sent 20 times over both nodes', () => customChallengeAnswerOnce(target, 20));
  it('accepts a DEVICE_PASSWORD_VERIFIER answer once out of 20 identical ones over both nodes', () => deviceVerifierOnce(target, 20));
  it('confirms a device once out of 20 ConfirmDevice calls at once over both nodes', () => confirmDeviceOnce(target, 20));
  it('keeps every one of 20 UpdateManagedLoginBranding calls at once on one style over both nodes', () => brandingUpdatesCompose(target, 20));
  it('creates a migrated user once out of 20 first sign-ins at once over both nodes', () => migrationOnce(target, 20));
});
