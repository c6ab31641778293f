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
  adminChangesSurvive, ANONYMOUS, concurrentSignInsSucceed, directoryWritesCompose, burstClient, codeAttemptLimit, confirmSignUpCodeOnce, FIXED_CODE, forgotPasswordCodeOnce,
  lockoutBurst, refreshVersusGlobalSignOut, refreshVersusRevokeToken, reuseRevokesFamily, rotationWithoutGrace, type RaceTarget,
  customChallengeAnswerOnce, RACE_FUNCTIONS,
} from '../race/scenarios.ts';
import { SKIP, adminUrl, createTestDatabase, startNodes, type TestDatabase } from './cluster.ts';

describe('two nodes, one database: races', { skip: SKIP }, () => {
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];
  let target: RaceTarget;
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
    };
  });
  after(async () => {
    for (const c of [...(target?.admin ?? []), ...(target?.anon ?? [])]) c.destroy();
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
  it('loses no admin change on one node to UpdateUserAttributes on both (10 rounds each)', () => adminChangesSurvive(target, 10, 10));
  it('composes concurrent group adds, tag writes and deletes of one user over both nodes', () => directoryWritesCompose(target, 20));
  it('signs in once with the right custom challenge answer sent 20 times over both nodes', () => customChallengeAnswerOnce(target, 20));
});
