/**
 * Before/after runs of a few sign-in flows on one fresh Alcove node (compiled, SQLite,
 * signatures verified), for comparing builds: `node --import tsx bench/ab-flows.ts [flow,...]
 * [--duration S] [--database-url URL]`. Prints one line per flow: ops per server CPU-s, wall
 * ops/s, p50 and p99; with `--database-url` (a PostgreSQL database of the caller's, kept) the node
 * runs on it, and the backends' CPU is measured apart: ops per (node + PostgreSQL) CPU-s too.
 * Build, run, change, build, run again, alternately: the machine's noise is in the spread.
 */
import { parseArgs } from 'node:util';
import { CognitoHttp, RoundRobin } from './harness/http.ts';
import { parseOptions } from './harness/options.ts';
import { backendCpuOf } from './harness/postgres.ts';
import { figures, fmt, ms } from './harness/report.ts';
import { BENCH_ACCESS_KEY, startAlcove } from './harness/servers.ts';
import { SigV4Signer } from './harness/sigv4-signer.ts';
import { FLOWS, runSignInSuite, type Flow } from './phases/sign-in-suite.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2), allowPositionals: true, options: { duration: { type: 'string' }, 'database-url': { type: 'string' } },
});
const wanted = (positionals[0]?.split(',') ?? ['GetUser', 'AdminGetUser (SigV4)']) as Flow[];
for (const f of wanted) if (!FLOWS.includes(f)) throw new Error(`unknown flow ${f}; flows: ${FLOWS.join(', ')}`);
const options = parseOptions(['--duration', values.duration ?? '6'])!;
const databaseUrl = values['database-url'];
const node = await startAlcove({ name: 'ab', verifySignatures: true, ...(databaseUrl ? { databaseUrl } : {}) });
const backends = databaseUrl ? await backendCpuOf(databaseUrl) : undefined;
const api = new RoundRobin([new CognitoHttp(node.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY))]);
try {
  const results = await runSignInSuite({ servers: [node], api, flows: wanted, ...(backends ? { db: backends.meter } : {}) }, options);
  for (const [flow, r] of results) {
    if (r instanceof Error) console.log(`${flow}: failed: ${r.message}`);
    else {
      const f = figures(r);
      const total = f.opsPerTotalCpuSec === undefined ? '' : `  ${fmt(f.opsPerTotalCpuSec).padStart(7)} ops/(node+PG) CPU-s`;
      console.log(`${flow.padEnd(22)} ${fmt(f.opsPerServerCpuSec).padStart(7)} ops/CPU-s${total}  ${fmt(f.opsPerSecWall).padStart(7)} ops/s wall  p50 ${ms(f.p50)}  p99 ${ms(f.p99)} ms  errors ${f.errors}`);
    }
  }
} finally {
  api.close();
  await backends?.close();
  await node.stop();
}
