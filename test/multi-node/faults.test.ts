/**
 * Faults under load: a node killed with SIGKILL, and the database stopped and started again.
 * What must hold: every acknowledged write is there afterwards, no user exists twice, the
 * surviving node keeps serving, and nodes recover from a database outage by themselves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { NodeProcess } from '../helpers/node-process.ts';
import {
  PASSWORD, SKIP, adminUrl, createPool, createTestDatabase, delay, ownPostgres, runLoad, startNodes, waitFor,
  type OwnPostgres, type TestDatabase,
} from './cluster.ts';

const WORKERS = 8;

interface Call {
  kind: 'signUp' | 'signIn';
  username: string;
}

/** Every other call signs up a new user; the rest sign in one of `members` (USER_PASSWORD_AUTH). */
function mixedLoad(prefix: string, members: string[]): () => Call {
  let n = 0;
  return () => {
    n++;
    return n % 2 === 0 ? { kind: 'signIn', username: members[n % members.length]! } : { kind: 'signUp', username: `${prefix}-${n}@example.com` };
  };
}

function callOp(clientId: string) {
  return async (node: NodeProcess, call: Call): Promise<void> => {
    if (call.kind === 'signUp') {
      await node.client.send(new SignUpCommand({
        ClientId: clientId, Username: call.username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: call.username }],
      }));
      return;
    }
    const out = await node.client.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: call.username, PASSWORD },
    }));
    if (!out.AuthenticationResult?.AccessToken) throw new Error(`no tokens for ${call.username}`);
  };
}

async function membersOf(node: NodeProcess, poolId: string): Promise<string[]> {
  const members = ['m0', 'm1', 'm2', 'm3'];
  for (const username of members) {
    await node.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
    await node.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  return members;
}

const signUps = (calls: Call[]): string[] => calls.filter((c) => c.kind === 'signUp').map((c) => c.username);

async function usersOf(db: TestDatabase, poolId: string): Promise<Map<string, number>> {
  const { rows } = await db.sql.query<{ username_key: string; n: string }>(
    'select username_key, count(*) as n from users where pool_id = $1 group by username_key', [poolId]);
  return new Map(rows.map((r) => [r.username_key, Number(r.n)]));
}

describe('a node killed with SIGKILL under load', { skip: SKIP }, () => {
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];

  before(async () => {
    db = await createTestDatabase(adminUrl!);
    nodes = await startNodes(db, 2);
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
  });

  it('loses no acknowledged sign-up, and the other node keeps serving', async (t) => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const { poolId, clientId } = await createPool(a.client);
    const members = await membersOf(a, poolId);
    let alive = [a, b];
    let stopAt = Infinity;
    const load = runLoad({
      workers: WORKERS, nodes: () => alive, next: mixedLoad('kill', members), op: callOp(clientId), until: () => performance.now() > stopAt,
    });
    await delay(1_500);
    b.kill('SIGKILL');
    alive = [a];
    const killedAt = performance.now();
    stopAt = killedAt + 1_500;
    const { ok, failed } = await load;
    assert.equal((await b.exited).signal, 'SIGKILL');

    const acknowledged = signUps(ok);
    assert.ok(acknowledged.length > 10, `only ${acknowledged.length} sign-ups were acknowledged`);
    assert.deepEqual(failed.filter((f) => f.node !== 'b').map((f) => `${f.item.username}: ${f.error.name} ${f.error.message}`), [],
      'the surviving node failed requests');
    const users = await usersOf(db, poolId);
    const lost = acknowledged.filter((email) => users.get(email) !== 1);
    assert.deepEqual(lost, [], 'acknowledged sign-ups missing (or doubled) after the kill');
    assert.ok([...users.values()].every((n) => n === 1));
    // The survivor still answers reads and writes.
    const user = await a.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: acknowledged.at(-1)! }));
    assert.equal(user.UserStatus, 'UNCONFIRMED');
    await callOp(clientId)(a, { kind: 'signIn', username: members[0]! });
    t.diagnostic(`SIGKILL: ${acknowledged.length} sign-ups and ${ok.length - acknowledged.length} sign-ins acknowledged `
      + `(${failed.length} calls cut off on the killed node); every acknowledged sign-up present once`);
  });
});

describe('PostgreSQL stopped and started under load', { skip: SKIP }, () => {
  let pg: OwnPostgres | undefined;
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];

  before(async () => {
    pg = ownPostgres();
    if (!pg) return;
    db = await createTestDatabase(pg.url);
    nodes = await startNodes(db, 2);
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
    pg?.remove();
  });

  it('makes nodes not ready, then they recover by themselves without losing or doubling users', async (t) => {
    if (!pg) return t.skip('no local PostgreSQL binaries to run a cluster that this test may stop');
    const a = nodes[0]!;
    const { poolId, clientId } = await createPool(a.client);
    const members = await membersOf(a, poolId);
    let stopAt = Infinity;
    const load = runLoad({
      workers: WORKERS, nodes: () => nodes, next: mixedLoad('outage', members), op: callOp(clientId), until: () => performance.now() > stopAt,
    });
    await delay(1_000);

    pg.stop();
    const notReadyAfter = await waitFor('both nodes to report not ready',
      async () => (await Promise.all(nodes.map((n) => n.ready()))).every((s) => s === 503));
    // During the outage a request fails fast with a server fault, not a hang.
    const started = performance.now();
    const during = await a.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' })).catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    const failFastMs = performance.now() - started;
    assert.ok(during instanceof Error);
    assert.equal(during.name, 'InternalErrorException');
    assert.equal(during.$metadata?.httpStatusCode, 500);
    await delay(1_000);

    pg.start();
    const recoveredAfter = await waitFor('both nodes to be ready again',
      async () => (await Promise.all(nodes.map((n) => n.ready()))).every((s) => s === 200), 30_000);
    stopAt = performance.now() + 1_000;
    const { ok, failed } = await load;

    for (const n of nodes) assert.equal(n.pid > 0 && (await Promise.race([n.exited.then(() => 'exited'), delay(0).then(() => 'running')])), 'running', `${n.name} exited`);
    const unexpected = failed.filter((f) => f.error.name !== 'InternalErrorException');
    assert.deepEqual(unexpected.map((f) => `${f.item.username} on ${f.node}: ${f.error.name} ${f.error.message}`), []);

    // Sign-ups acknowledged before and after the outage are all there, each once.
    let users = await usersOf(db, poolId);
    assert.deepEqual(signUps(ok).filter((email) => users.get(email) !== 1), []);
    // A sign-up that failed during the outage either never happened or happened once: retried, it
    // succeeds or finds its own earlier write.
    const failedSignUps = signUps(failed.map((f) => f.item));
    for (const username of failedSignUps) {
      const outcome = await callOp(clientId)(a, { kind: 'signUp', username }).then(() => 'ok', (e: Error) => e.name);
      assert.ok(outcome === 'ok' || outcome === 'UsernameExistsException', `${username}: ${outcome}`);
    }
    users = await usersOf(db, poolId);
    assert.ok([...users.values()].every((n) => n === 1), 'a user exists twice');
    assert.equal(users.size, new Set([...members, ...signUps(ok), ...failedSignUps]).size);
    for (const node of nodes) await callOp(clientId)(node, { kind: 'signIn', username: members[1]! });
    t.diagnostic(`PostgreSQL outage: not ready after ${Math.round(notReadyAfter)} ms, requests failed in ${Math.round(failFastMs)} ms, `
      + `ready again ${Math.round(recoveredAfter)} ms after the start; ${ok.length} calls acknowledged, ${failed.length} failed during the outage`);
  });
});

describe('a node stopped with SIGTERM', { skip: SKIP }, () => {
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];

  before(async () => {
    db = await createTestDatabase(adminUrl!);
    nodes = await startNodes(db, 2, { ALCOVE_SHUTDOWN_DRAIN_MS: '1000' });
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
  });

  it('finishes the requests in flight, then exits cleanly while the other node serves on', async () => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const { poolId, clientId } = await createPool(a.client);
    const members = await membersOf(a, poolId);
    // Sign-ins cost the server a few tens of milliseconds each: many are still running at the signal.
    const inFlight = Array.from({ length: 16 }, (_, i) => callOp(clientId)(b, { kind: 'signIn', username: members[i % members.length]! })
      .then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`));
    await delay(100);
    b.kill('SIGTERM');
    await waitFor('the stopping node to report not ready', async () => (await b.ready()) === 503, 2_000, 20);
    const outcomes = await Promise.all(inFlight);
    assert.deepEqual(outcomes.filter((o) => o !== 'ok'), []);
    assert.deepEqual(await b.exited, { code: 0, signal: null }, b.logs.slice(-8).join('\n'));
    assert.ok(b.logs.some((line) => line.includes('"msg":"stopped"')));
    assert.equal(await b.ready(), 0, 'the stopped node accepts no connection');
    await callOp(clientId)(a, { kind: 'signIn', username: members[0]! });
  });
});
