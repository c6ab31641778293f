/**
 * Issues 2 and 4: does anything grow with the pool? The same pool measured at 10,000 users,
 * 100,000 and `--scale` (1,000,000 for issue 4's figure): sign-in (password and SRP), GetUser,
 * ListUsers with a prefix and an equality filter, one request at a time so that latency is the
 * server's cost and not queueing; database size per user; each node's memory.
 * SQLite with one node; PostgreSQL with two nodes (requests alternate).
 */
import path from 'node:path';
import { createClient, createPool, createUser, emailOf, getUser, passwordSignIn, randomUsername, srpSignIn, type Tokens } from '../harness/cognito.ts';
import { postgresBulkLoader, sqliteBulkLoader, type BulkLoader, type TemplateUser } from '../harness/bulk-load.ts';
import { CognitoHttp, RoundRobin } from '../harness/http.ts';
import { percentile, runLoad, type LoadResult, type Operation } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { openBenchDatabase } from '../harness/postgres.ts';
import type { CpuMeter } from '../harness/proc.ts';
import { recordAlcove } from '../harness/goals.ts';
import { errorNotes, figures, fmt, heading, ms, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { BALANCER_URL, startAlcove, type AlcoveNode } from '../harness/servers.ts';
import { SrpClient } from '../harness/srp-client.ts';

/** Users created through the API, that the latency runs sign in as. */
const PROBES = 50;
const HEX = '0123456789abcdef';

const MEASURES = ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH sign-in', 'GetUser', 'ListUsers username ^= (60 a page)', 'ListUsers email ='] as const;
type Measure = (typeof MEASURES)[number];

interface Stage {
  users: number;
  loadSeconds: number;
  sizeBytes: number;
  results: Map<Measure, LoadResult>;
  rssMb: number[];
  peakRssMb: number[];
}

/** The pool size of issue 13's ListUsers goal. */
const GOAL_POOL_SIZE = 100_000;

async function scaleOn(label: string, nodes: AlcoveNode[], loader: BulkLoader, options: BenchOptions, db?: CpuMeter, record = false): Promise<void> {
  let concurrent: LoadResult | undefined;
  const api = new RoundRobin(nodes.map((n) => new CognitoHttp(n.url, 2)));
  try {
    const setup = api.members[0]!;
    const { poolId, poolName } = await createPool(setup, 'bench-scale');
    const clientId = await createClient(setup, poolId);
    const probes = Array.from({ length: PROBES }, randomUsername);
    for (const u of probes) await createUser(api.pick(), poolId, u);
    const templateName = randomUsername();
    await createUser(setup, poolId, templateName);
    const described = await setup.call('AdminGetUser', { UserPoolId: poolId, Username: templateName });
    const sub = (described.UserAttributes as { Name: string; Value: string }[]).find((a) => a.Name === 'sub')!.Value;
    const template: TemplateUser = { poolId, id: sub, username: templateName };
    const tokens: Tokens[] = [];
    for (const u of probes) tokens.push(await passwordSignIn(api.pick(), clientId, u));
    const srp = new SrpClient(poolName);

    const probe = (i: number) => probes[i % PROBES]!;
    const ops: Record<Measure, { op: Operation; maxOps: number }> = {
      USER_PASSWORD_AUTH: { op: async (i) => { await passwordSignIn(api.pick(), clientId, probe(i)); }, maxOps: 150 },
      'USER_SRP_AUTH sign-in': { op: (i) => srpSignIn(api.pick(), api.pick(), srp, clientId, probe(i)), maxOps: 100 },
      GetUser: { op: (i) => getUser(api.pick(), tokens[i % PROBES]!.AccessToken), maxOps: 500 },
      'ListUsers username ^= (60 a page)': {
        op: async (i) => {
          const out = await api.pick().call('ListUsers', { UserPoolId: poolId, Filter: `username ^= "u${HEX[i % 16]}"`, Limit: 60 });
          if ((out.Users as unknown[]).length !== 60) throw new Error(`ListUsers gave ${(out.Users as unknown[]).length} users, not a full page`);
        },
        maxOps: 200,
      },
      'ListUsers email =': {
        op: async (i) => {
          const out = await api.pick().call('ListUsers', { UserPoolId: poolId, Filter: `email = "${emailOf(probe(i))}"` });
          if ((out.Users as unknown[]).length !== 1) throw new Error(`ListUsers gave ${(out.Users as unknown[]).length} users, not 1`);
        },
        maxOps: 300,
      },
    };

    const stages: Stage[] = [];
    let users = PROBES + 1;
    for (const target of options.scaleSizes) {
      const t0 = performance.now();
      await loader.cloneUser(template, target - users);
      const loadSeconds = (performance.now() - t0) / 1000;
      users = target;
      const results = new Map<Measure, LoadResult>();
      for (const m of MEASURES) {
        results.set(m, await runLoad(ops[m].op, nodes, { concurrency: 1, maxOps: ops[m].maxOps, maxMs: 15_000, warmupOps: 10 }, db));
      }
      if (target === GOAL_POOL_SIZE && record) {
        // Issue 13's goal is per server CPU-s at the bench's concurrency, p99 beside it.
        const load = { concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency };
        const r = await runLoad(ops['ListUsers username ^= (60 a page)'].op, nodes, load, db);
        recordAlcove('ListUsers 60, filter, 100,000 users', r, options.concurrency);
        concurrent = r;
      }
      stages.push({
        users, loadSeconds, sizeBytes: await loader.sizeBytes(), results,
        rssMb: nodes.map((n) => n.probe.rssMb()), peakRssMb: nodes.map((n) => n.probe.peakRssMb()),
      });
      process.stdout.write(`   ${label}: measured at ${users.toLocaleString('en-US')} users (bulk load ${loadSeconds.toFixed(0)} s)\n`);
    }
    printStages(stages, db !== undefined);
    if (concurrent) {
      console.log(`\nListUsers username ^= (a page of 60) at ${GOAL_POOL_SIZE.toLocaleString('en-US')} users, ${options.concurrency} in flight:`);
      table(THROUGHPUT_COLUMNS, [throughputRow('ListUsers username ^=, 60 a page', figures(concurrent))]);
      errorNotes('ListUsers', concurrent);
    }
  } finally {
    api.close();
  }
}

/**
 * Latency on a shared machine wanders with whatever else runs; the CPU an operation costs the
 * server wanders much less, so both are shown, each with its growth from the smallest pool.
 */
function printStages(stages: Stage[], withDb: boolean): void {
  const first = stages[0]!;
  const last = stages.at(-1)!;
  const rows: (string | number)[][] = [];
  const cpuLabel = withDb ? 'node + PG CPU ms per op' : 'server CPU ms per op';
  for (const m of MEASURES) {
    const p = (s: Stage, q: number) => percentile(s.results.get(m)!.latencies, q);
    const cpu = (s: Stage) => {
      const r = s.results.get(m)!;
      return (r.serverCpuMs + (r.dbCpuMs ?? 0)) / r.ops;
    };
    const errors = stages.reduce((n, s) => n + s.results.get(m)!.errors, 0);
    rows.push([`${m} p50 / p99 ms`, ...stages.map((s) => `${ms(p(s, 50))} / ${ms(p(s, 99))}`), `${fmt(p(last, 50) / p(first, 50), 2)}x`]);
    rows.push([`  ${cpuLabel}`, ...stages.map((s) => ms(cpu(s))), `${fmt(cpu(last) / cpu(first), 2)}x`]);
    if (errors > 0) rows.push([`  (errors, first: ${stages.map((s) => s.results.get(m)!.firstError).find(Boolean)})`, ...stages.map((s) => fmt(s.results.get(m)!.errors)), '']);
  }
  rows.push(['database size MB', ...stages.map((s) => fmt(s.sizeBytes / 2 ** 20, 1)), '']);
  rows.push(['  bytes per user (size / users)', ...stages.map((s) => fmt(s.sizeBytes / s.users)), '']);
  rows.push(['  bytes per added user', ...stages.map((s, i) => (i === 0 ? '-' : fmt((s.sizeBytes - stages[i - 1]!.sizeBytes) / (s.users - stages[i - 1]!.users)))), '']);
  rows.push(['node RSS MB now (each node)', ...stages.map((s) => s.rssMb.map((v) => fmt(v)).join(' + ')), '']);
  rows.push(['node peak RSS MB (each node)', ...stages.map((s) => s.peakRssMb.map((v) => fmt(v)).join(' + ')), '']);
  rows.push(['bulk load s (users added/s)', ...stages.map((s, i) => {
    const added = s.users - (i === 0 ? PROBES + 1 : stages[i - 1]!.users);
    return `${fmt(s.loadSeconds)} (${fmt(added / s.loadSeconds)})`;
  }), '']);
  table(['', ...stages.map((s) => `${s.users.toLocaleString('en-US')} users`), 'growth'], rows);
}

export async function scalePhase(options: BenchOptions): Promise<void> {
  heading('Scale: latency, ListUsers filters, size and memory as the pool grows (SQLite, one node)');
  const node = await startAlcove({ name: 'scale-sqlite' });
  const loader = sqliteBulkLoader(path.join(node.dataDir, 'alcove.sqlite'));
  try {
    await scaleOn('SQLite', [node], loader, options, undefined, true);
  } finally {
    await loader.close();
    await node.stop();
  }
  note('One request at a time (no queueing): latency is the server\'s own cost plus loopback; CPU per op then includes');
  note('the idle node\'s background work too (the same at every size). The pool grows by copies');
  note('of an API-created user (same rows and index rows), inserted in bulk; sign-ins use API-created users.');
  note('The ListUsers rows at 100,000 users are issue 2\'s figure, with the node\'s peak RSS below them.');

  heading('Scale on PostgreSQL, two nodes (requests alternate)');
  if (!options.postgres) return note('skipped (--no-postgres)');
  const db = await openBenchDatabase();
  if (typeof db === 'string') return note(`skipped: PostgreSQL unavailable: ${db}`);
  const nodes: AlcoveNode[] = [];
  let pgLoader: BulkLoader | undefined;
  try {
    nodes.push(await startAlcove({ name: 'scale-pg-1', databaseUrl: db.url, publicUrl: BALANCER_URL }));
    nodes.push(await startAlcove({ name: 'scale-pg-2', databaseUrl: db.url, publicUrl: BALANCER_URL }));
    pgLoader = await postgresBulkLoader(db.url);
    await scaleOn('PostgreSQL', nodes, pgLoader, options, db.backendCpu);
    note('Database size is pg_database_size after VACUUM (ANALYZE) of the loaded tables, indexes and TOAST included.');
  } finally {
    await pgLoader?.close();
    for (const n of nodes) await n.stop();
    await db.drop();
  }
}
