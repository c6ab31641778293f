/**
 * Sign-in across two real nodes on one PostgreSQL, each step on the other node: SRP's two
 * steps, a challenge session, tokens signed on one node and checked on the other, revocation,
 * and the lockout counting failures from both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, GetUserCommand, GlobalSignOutCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, RevokeTokenCommand, type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { srpClient } from '../helpers/auth-flows.ts';
import type { NodeProcess } from '../helpers/node-process.ts';
import { errorOf } from '../helpers/server.ts';
import { PASSWORD, SKIP, adminUrl, createPool, createTestDatabase, delay, startNodes, type TestDatabase } from './cluster.ts';

describe('two nodes, one database: sign-in', { skip: SKIP }, () => {
  let db: TestDatabase;
  let a: NodeProcess;
  let b: NodeProcess;
  let poolId: string;
  let clientId: string;

  before(async () => {
    db = await createTestDatabase(adminUrl!);
    [a, b] = await startNodes(db, 2);
    ({ poolId, clientId } = await createPool(a.client));
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  async function confirmedUser(username: string): Promise<void> {
    await a.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await b.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  async function passwordSignIn(node: NodeProcess, username: string, password = PASSWORD): Promise<AuthenticationResultType> {
    const out = await node.client.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password },
    }));
    return out.AuthenticationResult!;
  }

  it('answers the SRP challenge of one node on the other, once', async () => {
    await confirmedUser('srp-user');
    const srp = srpClient(poolId);
    const step1 = await a.client.send(new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'srp-user', SRP_A: srp.srpA },
    }));
    assert.equal(step1.ChallengeName, 'PASSWORD_VERIFIER');
    const answer = srp.answer(step1.ChallengeParameters!, PASSWORD);
    const respond = (node: NodeProcess) => node.client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: answer,
    }));
    const step2 = await respond(b);
    assert.ok(step2.AuthenticationResult?.AccessToken);

    // The secret block was spent on B: A refuses it too.
    const replay = await errorOf(() => respond(a));
    assert.equal(replay.name, 'NotAuthorizedException');
    assert.equal(replay.message, 'Invalid session for the user, session can only be used once.');

    // A token signed by B is good on A (the signing keys are shared).
    const me = await a.client.send(new GetUserCommand({ AccessToken: step2.AuthenticationResult!.AccessToken }));
    assert.equal(me.Username, 'srp-user');
  });

  it('continues a NEW_PASSWORD_REQUIRED session started on the other node', async () => {
    await a.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'invited', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS',
    }));
    const started = await b.client.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'invited', PASSWORD: 'Temp-Passw0rd!' },
    }));
    assert.equal(started.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await a.client.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: started.Session,
      ChallengeResponses: { USERNAME: 'invited', NEW_PASSWORD: PASSWORD },
    }));
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.ok((await passwordSignIn(b, 'invited')).AccessToken);
  });

  it('refuses on one node a refresh token revoked on the other', async () => {
    await confirmedUser('refresher');
    const tokens = await passwordSignIn(a, 'refresher');
    const refresh = (node: NodeProcess) => node.client.send(new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
    }));
    assert.ok((await refresh(b)).AuthenticationResult?.AccessToken, 'refreshes on the other node');

    await b.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken }));
    const refused = await errorOf(() => refresh(a));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, 'Refresh Token has been revoked');
    const access = await errorOf(() => a.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken })));
    assert.equal(access.message, 'Access Token has been revoked');
  });

  it('signs out everywhere from one node', async () => {
    await confirmedUser('global');
    const first = await passwordSignIn(a, 'global');
    const second = await passwordSignIn(b, 'global');
    await a.client.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken }));
    for (const [node, tokens] of [[b, first], [a, second]] as const) {
      const refused = await errorOf(() => node.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken })));
      assert.equal(refused.name, 'NotAuthorizedException');
    }
  });

  it('counts failed sign-ins from both nodes towards one lockout', async () => {
    await confirmedUser('target');
    const nodes = [a, b];
    // Five free failures, alternating: the fifth locks for one second.
    for (let i = 0; i < 5; i++) {
      const e = await errorOf(() => passwordSignIn(nodes[i % 2]!, 'target', 'Wrong-Password1'));
      assert.equal(e.message, 'Incorrect username or password.', `failure ${i + 1}`);
    }
    await delay(1_100);
    // The sixth failure, on the other node, locks for two seconds: long enough to check both.
    const sixth = await errorOf(() => passwordSignIn(b, 'target', 'Wrong-Password1'));
    assert.equal(sixth.message, 'Incorrect username or password.');
    for (const node of nodes) {
      const locked = await errorOf(() => passwordSignIn(node, 'target'));
      assert.equal(locked.name, 'NotAuthorizedException');
      assert.equal(locked.message, 'Password attempts exceeded', `locked on ${node.name}`);
    }
    await delay(2_100);
    assert.ok((await passwordSignIn(a, 'target')).AccessToken, 'signs in once the lock is over');
  });
});
