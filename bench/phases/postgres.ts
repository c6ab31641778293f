/**
 * Issue 4: the sign-in flows on PostgreSQL, with one Alcove node and with two behind a
 * round-robin balancer (an SRP sign-in's two steps land on different nodes), beside SQLite.
 */
import { CognitoHttp, RoundRobin } from '../harness/http.ts';
import { figures, fmt, heading, note, table } from '../harness/report.ts';
import type { LoadResult } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { openBenchDatabase, type BenchDatabase } from '../harness/postgres.ts';
import { BALANCER_URL, BENCH_ACCESS_KEY, startAlcove, type AlcoveNode } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';
import { FLOWS, runSignInSuite } from './sign-in-suite.ts';
import { printSignInTable, sqliteResults, type Results } from './sign-in.ts';

const DB_COLUMNS = [
  { title: 'PG CPU %', value: (r: LoadResult) => fmt((100 * (r.dbCpuMs ?? Number.NaN)) / r.wallMs) },
  { title: 'ops/s per (node+PG) CPU-s', value: (r: LoadResult) => fmt(figures(r).opsPerTotalCpuSec) },
];

async function suiteOn(nodes: AlcoveNode[], db: BenchDatabase, options: BenchOptions): Promise<Results> {
  const api = new RoundRobin(nodes.map((n) => new CognitoHttp(n.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY))));
  try {
    return await runSignInSuite({ servers: nodes, api, flows: FLOWS, db: db.backendCpu }, options);
  } finally {
    api.close();
  }
}

export async function postgresPhase(options: BenchOptions): Promise<void> {
  heading('Sign-in on PostgreSQL: one node, then two nodes round-robin');
  if (!options.postgres) return note('skipped (--no-postgres)');
  const db = await openBenchDatabase();
  if (typeof db === 'string') return note(`skipped: PostgreSQL unavailable: ${db}`);
  const nodes: AlcoveNode[] = [];
  try {
    nodes.push(await startAlcove({ name: 'pg-node-1', databaseUrl: db.url, publicUrl: BALANCER_URL, verifySignatures: true }));
    const one = await suiteOn(nodes, db, options);
    console.log('\none node:');
    printSignInTable(one, DB_COLUMNS);

    nodes.push(await startAlcove({ name: 'pg-node-2', databaseUrl: db.url, publicUrl: BALANCER_URL, verifySignatures: true }));
    const two = await suiteOn(nodes, db, options);
    console.log('\ntwo nodes (requests alternate; server CPU and peak RSS are both nodes\'):');
    printSignInTable(two, DB_COLUMNS);
    note('Server CPU is the Alcove nodes\' only; PG CPU is the PostgreSQL backends serving the bench database.');
    note('On a 2-core machine two nodes, PostgreSQL and the load generator share the same cores: compare per-CPU');
    note('figures, not wall-clock ones, between one node and two.');
    compare(one, two);
  } finally {
    for (const n of nodes) await n.stop();
    await db.drop();
  }
}

function compare(one: Results, two: Results): void {
  const sqlite = sqliteResults.value;
  console.log('\nbeside SQLite (ops/s per server CPU-s, and wall-clock ops/s):');
  const cell = (r: LoadResult | Error | undefined, pick: 'cpu' | 'wall') => {
    if (!r || r instanceof Error) return '-';
    const f = figures(r);
    return fmt(pick === 'cpu' ? f.opsPerServerCpuSec : f.opsPerSecWall);
  };
  table(['flow', 'SQLite 1 node', 'PG 1 node', 'PG 2 nodes', 'wall: SQLite', 'PG 1', 'PG 2'],
    FLOWS.map((flow) => [flow, cell(sqlite?.get(flow), 'cpu'), cell(one.get(flow), 'cpu'), cell(two.get(flow), 'cpu'),
      cell(sqlite?.get(flow), 'wall'), cell(one.get(flow), 'wall'), cell(two.get(flow), 'wall')]));
  if (!sqlite) note('(the SQLite column is filled when the sign-in phase runs in the same invocation)');
}
