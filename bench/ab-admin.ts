/**
 * Before/after runs of the admin and user read paths on one fresh Alcove node (compiled,
 * SQLite, signatures verified): `node --import tsx bench/ab-admin.ts [path,...] [--root DIR]
 * [--users N] [--duration S]`. `--root` runs another checkout's build (its `dist/`, e.g. a
 * `git worktree` of the previous commit), so the two sides can be run alternately from one
 * script. Paths:
 * - `floor`: an unsigned call to an operation no table serves (UnknownOperationException, 400):
 *   what the aws-json route costs with no signature, no storage and no handler;
 * - `mfaconfig`: GetUserPoolMfaConfig, SigV4-verified (one pool row read, a small answer);
 * - `admingetuser`, `getuser`: as the bench's sign-in phase (32 users, round-robin);
 * - `listusers`: ListUsers `username ^= "u<hex digit>"`, a page of 60, in a pool of `--users`
 *   (default 100,000; bulk-loaded as the scale phase does).
 * Prints one line per path: ops per server CPU-s, wall ops/s, p50 and p99.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, createPool, createUser, fillPool, passwordSignIn, randomUsername, type Tokens } from './harness/cognito.ts';
import { CognitoHttp, ServiceError } from './harness/http.ts';
import { runLoad } from './harness/load.ts';
import { figures, fmt, ms } from './harness/report.ts';
import { BENCH_ACCESS_KEY, startAlcove } from './harness/servers.ts';
import { SigV4Signer } from './harness/sigv4-signer.ts';

const PATHS = ['floor', 'mfaconfig', 'admingetuser', 'getuser', 'listusers'] as const;
type PathName = (typeof PATHS)[number];

const { values, positionals } = parseArgs({
  args: process.argv.slice(2), allowPositionals: true,
  options: { duration: { type: 'string' }, root: { type: 'string' }, users: { type: 'string' }, concurrency: { type: 'string' } },
});
const wanted = (positionals[0]?.split(',') ?? [...PATHS]) as PathName[];
for (const p of wanted) if (!PATHS.includes(p)) throw new Error(`unknown path ${p}; paths: ${PATHS.join(', ')}`);
const durationMs = Number(values.duration ?? '6') * 1000;
const concurrency = Number(values.concurrency ?? '16');
const poolSize = Number(values.users ?? '100000');
const USERS = 32;

const node = await startAlcove({ name: 'ab-admin', verifySignatures: true, ...(values.root ? { root: path.resolve(values.root) } : {}) });
const api = new CognitoHttp(node.url, concurrency, new SigV4Signer(BENCH_ACCESS_KEY));
try {
  const { poolId } = await createPool(api, `ab-admin-${Date.now()}`);
  const clientId = await createClient(api, poolId);
  const usernames = Array.from({ length: USERS }, () => randomUsername());
  const tokens: Tokens[] = [];
  if (wanted.some((p) => p === 'admingetuser' || p === 'getuser' || p === 'listusers')) {
    for (const u of usernames) await createUser(api, poolId, u);
    if (wanted.includes('getuser')) for (const u of usernames) tokens.push(await passwordSignIn(api, clientId, u));
  }
  if (wanted.includes('listusers') && poolSize > USERS) {
    await fillPool(api, path.join(node.dataDir, 'alcove.sqlite'), poolId, poolSize - USERS);
  }
  const HEX = '0123456789abcdef';
  const ops: Record<PathName, (i: number) => Promise<void>> = {
    floor: async () => {
      try {
        await api.call('NoSuchOperation', {});
        throw new Error('an unknown operation was answered');
      } catch (e) {
        if (!(e instanceof ServiceError) || e.type !== 'UnknownOperationException') throw e;
      }
    },
    mfaconfig: async () => { await api.call('GetUserPoolMfaConfig', { UserPoolId: poolId }); },
    admingetuser: async (i) => {
      const out = await api.call('AdminGetUser', { UserPoolId: poolId, Username: usernames[i % USERS] });
      if (!out.Username) throw new Error(`AdminGetUser gave ${JSON.stringify(out).slice(0, 200)}`);
    },
    getuser: async (i) => { await api.call('GetUser', { AccessToken: tokens[i % USERS]!.AccessToken }); },
    listusers: async (i) => {
      const r = await api.call('ListUsers', { UserPoolId: poolId, Filter: `username ^= "u${HEX[i % 16]}"`, Limit: 60 });
      if ((r.Users as unknown[]).length !== 60) throw new Error(`ListUsers gave ${(r.Users as unknown[]).length} users, not a full page`);
    },
  };
  for (const p of wanted) {
    const r = await runLoad(ops[p], [node], { concurrency, maxOps: 1_000_000, maxMs: durationMs, warmupOps: 8 * concurrency });
    const f = figures(r);
    console.log(`${p.padEnd(13)} ${fmt(f.opsPerServerCpuSec).padStart(7)} ops/CPU-s  ${fmt(f.opsPerSecWall).padStart(7)} ops/s wall  p50 ${ms(f.p50)}  p99 ${ms(f.p99)} ms  errors ${f.errors}`);
  }
} finally {
  api.close();
  await node.stop();
}
