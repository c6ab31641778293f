/**
 * An access-token call's one statement on PostgreSQL, in process: `node --import tsx
 * bench/pg-lookup.ts <postgres url> [--calls N] [--rounds R] [--concurrency C] [--transaction | --user-share]`. Runs
 * `revocations.findWithUser` (the user by id with two revocation times) against a user of that
 * database (the caller's, kept; it must hold one, e.g. after `bench/ab-flows.ts --database-url`),
 * `--calls` times a round with `--concurrency` in flight (`--transaction`: each in a transaction
 * of its own, BEGIN and COMMIT around it; `--user-share`: instead a transaction that reads the
 * user `for share`, as every sign-in and refresh does), and prints per round this process's CPU
 * per call (process.cpuUsage: user + system, the driver's work and the kernel's loopback send and
 * receive included) and the PostgreSQL backends' CPU per call (from /proc).
 */
import { parseArgs } from 'node:util';
import { openPostgres } from '../src/storage/sql/dialect.ts';
import { revocationRepo } from '../src/storage/sql/tokens.ts';
import { userRepo } from '../src/storage/sql/users.ts';
import { backendCpuOf } from './harness/postgres.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2), allowPositionals: true,
  options: { calls: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' }, transaction: { type: 'boolean' }, 'user-share': { type: 'boolean' } },
});
const url = positionals[0];
if (!url?.startsWith('postgres')) {
  process.stderr.write('usage: node --import tsx bench/pg-lookup.ts <postgres url> [--calls N] [--rounds R] [--concurrency C] [--transaction | --user-share]\n');
  process.exit(2);
}
const calls = Number(values.calls ?? 20_000);
const rounds = Number(values.rounds ?? 3);
const concurrency = Number(values.concurrency ?? 8);

const db = openPostgres(url);
const backends = await backendCpuOf(url);
try {
  const ids = (await db.selectFrom('users').select('id').limit(32).execute()).map((r) => r.id);
  if (ids.length === 0) throw new Error('the database holds no user');
  const repo = revocationRepo(db, true);
  const lookup = async (r: typeof repo, i: number) => {
    const { user } = await r.findWithUser(ids[i % ids.length]!, [`user:${i % 7}`, `session:${i % 5}`]);
    if (!user) throw new Error('no user');
  };
  const userShare = async (i: number) => {
    await db.transaction().execute(async (trx) => {
      if (!(await userRepo(trx, true).get(ids[i % ids.length]!, 'share'))) throw new Error('no user');
    });
  };
  const call = values['user-share'] ? userShare : values.transaction
    ? (i: number) => db.transaction().execute((trx) => lookup(revocationRepo(trx, true), i))
    : (i: number) => lookup(repo, i);
  for (let i = 0; i < 500; i++) await call(i);
  for (let round = 1; round <= rounds; round++) {
    const stopDb = await (backends.meter.start());
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (next < calls) await call(next++); }));
    const wall = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const pgMs = await stopDb();
    console.log(`round ${round}: node ${((used.user + used.system) / calls).toFixed(1)} us a call (user ${(used.user / calls).toFixed(1)}, system ${(used.system / calls).toFixed(1)}), PostgreSQL ${((pgMs * 1000) / calls).toFixed(1)} us, wall ${((wall * 1000) / calls).toFixed(1)} us`);
  }
} finally {
  await backends.close();
  await db.destroy();
}
