/**
 * `npm run audit:enumeration`: can a caller tell an existing user from an unknown name by the
 * time an answer takes, on a client that hides users (PreventUserExistenceErrors ENABLED)?
 *
 * Starts an Alcove node (a child process, SQLite with group commit in a scratch directory,
 * or a scratch database on the PostgreSQL server of --database-url), makes a pool (email alias, email auto-verified) and users,
 * then for each operation sends one request for an existing user and one for an unknown name,
 * in random order, `--tries` times, one request at a time, each user and name fresh (so that no
 * limit is reached), after a warm-up. Prints, per pair, the medians and p10/p90 of both and
 * whether the answers were the same. Figures only: nothing is asserted.
 *
 * Between requests the script waits `--gap` ms, so that the message sender's pass after a real
 * send (background work after the answer) does not land on whichever request comes next.
 *
 *   npm run audit:enumeration [-- --tries 200] [--warmup 20] [--gap 25] [--database-url postgres://...]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { CognitoHttp, ServiceError } from '../bench/harness/http.ts';
import { createPool, createUser, emailOf, EMAIL_ALIAS_POOL, PASSWORD, randomUsername } from '../bench/harness/cognito.ts';
import { percentile } from '../bench/harness/load.ts';
import { heading, ms, note, table } from '../bench/harness/report.ts';
import { startAlcove } from '../bench/harness/servers.ts';
import { g, modPowN } from '../src/userPools/srp/index.ts';

const { values } = parseArgs({
  options: {
    tries: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    gap: { type: 'string', default: '25' },
    'database-url': { type: 'string' },
  },
});
const TRIES = Number(values.tries);
const WARMUP = Number(values.warmup);
const N = TRIES + WARMUP;
const GAP_MS = Number(values.gap);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request's time and what it answered (`ok` or the error's __type). */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; answer: string }> {
  const t0 = performance.now();
  try {
    await call();
    return { ms: performance.now() - t0, answer: 'ok' };
  } catch (e) {
    const t = performance.now() - t0;
    if (e instanceof ServiceError) return { ms: t, answer: e.type };
    throw e;
  }
}

interface Pair {
  name: string;
  /** The i-th request for an existing user, and for an unknown name. */
  existing: (i: number) => Promise<unknown>;
  unknown: (i: number) => Promise<unknown>;
}

interface Sample { ms: number[]; answers: Set<string> }

async function measure(pair: Pair): Promise<{ existing: Sample; unknown: Sample }> {
  const existing: Sample = { ms: [], answers: new Set() };
  const unknown: Sample = { ms: [], answers: new Set() };
  for (let i = 0; i < N; i++) {
    const order = Math.random() < 0.5 ? (['existing', 'unknown'] as const) : (['unknown', 'existing'] as const);
    for (const side of order) {
      // A quiet server for every request: what a real send leaves behind (the message sender's
      // pass) must not land on the next request, whichever side it is.
      await sleep(GAP_MS);
      const r = await timed(() => pair[side](i));
      if (i < WARMUP) continue;
      const sample = side === 'existing' ? existing : unknown;
      sample.ms.push(r.ms);
      sample.answers.add(r.answer);
    }
  }
  return { existing, unknown };
}

const stats = (values: number[]) => {
  const sorted = Float64Array.from(values).sort();
  return { p10: percentile(sorted, 10), p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
};

/** A scratch database on the given PostgreSQL server (its own server secrets, dropped at the end). */
async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `alcove_audit_${process.pid}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try { await c.query(statement); } finally { await c.end(); }
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

const srpA = (): string => modPowN(g, BigInt('0x' + randomBytes(32).toString('hex'))).toString(16);

async function main(): Promise<void> {
  const database = values['database-url'] ? await scratchDatabase(values['database-url']) : undefined;
  const node = await startAlcove({ name: 'audit', ...(database ? { databaseUrl: database.url } : {}) }).catch(async (e: unknown) => {
    await database?.drop();
    throw e;
  });
  const api = new CognitoHttp(node.url, 4);
  try {
    const { poolId } = await createPool(api, `audit-${randomBytes(4).toString('hex')}`, EMAIL_ALIAS_POOL);
    const client = await api.call('CreateUserPoolClient', {
      UserPoolId: poolId, ClientName: 'audit', PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const ClientId = String(client.UserPoolClient.ClientId);

    // Fresh users and names for every try: confirmed ones (with a verified email) and signed-up,
    // unconfirmed ones; the unknown names are never created.
    const confirmed = Array.from({ length: N }, randomUsername);
    const unconfirmed = Array.from({ length: N }, randomUsername);
    const unknownA = Array.from({ length: N }, randomUsername);
    const unknownB = Array.from({ length: N }, randomUsername);
    const unknownC = Array.from({ length: N }, randomUsername);
    for (const u of confirmed) await createUser(api, poolId, u);
    for (const u of unconfirmed) {
      await api.call('SignUp', { ClientId, Username: u, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: emailOf(u) }] });
    }

    const call = (op: string, input: object) => api.call(op, { ClientId, ...input });
    const pairs: Pair[] = [
      {
        // Also gives every user and name of the ConfirmForgotPassword pair its (decoy) code.
        name: 'ForgotPassword',
        existing: (i) => call('ForgotPassword', { Username: confirmed[i] }),
        unknown: (i) => call('ForgotPassword', { Username: unknownA[i] }),
      },
      {
        name: 'ConfirmForgotPassword, wrong code',
        existing: (i) => call('ConfirmForgotPassword', { Username: confirmed[i], ConfirmationCode: '000000', Password: 'Other-Passw0rd!' }),
        unknown: (i) => call('ConfirmForgotPassword', { Username: unknownA[i], ConfirmationCode: '000000', Password: 'Other-Passw0rd!' }),
      },
      {
        name: 'ResendConfirmationCode',
        existing: (i) => call('ResendConfirmationCode', { Username: unconfirmed[i] }),
        unknown: (i) => call('ResendConfirmationCode', { Username: unknownB[i] }),
      },
      {
        name: 'ConfirmSignUp, wrong code',
        existing: (i) => call('ConfirmSignUp', { Username: unconfirmed[i], ConfirmationCode: '000000' }),
        unknown: (i) => call('ConfirmSignUp', { Username: unknownC[i], ConfirmationCode: '000000' }),
      },
      {
        name: 'USER_PASSWORD_AUTH, wrong password',
        existing: (i) => call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: confirmed[i], PASSWORD: 'Wrong-Passw0rd!' } }),
        unknown: (i) => call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: unknownC[i], PASSWORD: 'Wrong-Passw0rd!' } }),
      },
      {
        name: 'USER_SRP_AUTH, first step',
        existing: (i) => call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: confirmed[i], SRP_A: srpA() } }),
        unknown: (i) => call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: unknownB[i], SRP_A: srpA() } }),
      },
    ];

    heading(`user enumeration by timing: PreventUserExistenceErrors ENABLED, ${values['database-url'] ? 'PostgreSQL' : 'SQLite'}, one node`);
    note(`${TRIES} interleaved tries per side after ${WARMUP} warm-up pairs, one request at a time, ${GAP_MS} ms apart; ms`);
    const rows: (string | number)[][] = [];
    for (const pair of pairs) {
      const { existing, unknown } = await measure(pair);
      const e = stats(existing.ms);
      const u = stats(unknown.ms);
      const same = [...existing.answers].sort().join('/') === [...unknown.answers].sort().join('/');
      rows.push([
        pair.name, ms(e.p50), `${ms(e.p10)}–${ms(e.p90)}`, ms(u.p50), `${ms(u.p10)}–${ms(u.p90)}`,
        (u.p50 - e.p50 >= 0 ? '+' : '') + (u.p50 - e.p50).toFixed(2),
        same ? [...existing.answers].join('/') : `DIFFER: ${[...existing.answers].join('/')} vs ${[...unknown.answers].join('/')}`,
      ]);
    }
    table(['pair', 'existing p50', 'p10–p90', 'unknown p50', 'p10–p90', 'Δp50', 'answers'], rows);
  } finally {
    api.close();
    await node.stop();
    await database?.drop();
  }
}

await main();
