/**
 * Issue 3: sign-in throughput per second of server CPU on SQLite, beside issue 3's targets,
 * and the flows cognito-local supports run against it in the same run, with the ratios.
 */
import { CognitoHttp, RoundRobin } from '../harness/http.ts';
import type { LoadResult } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { errorNotes, figures, fmt, heading, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { startAlcove, startCognitoLocal, type ServerProcess } from '../harness/servers.ts';
import { FLOWS, runSignInSuite, TARGET_PER_CORE, type Flow } from './sign-in-suite.ts';

export type Results = Map<Flow, LoadResult | Error>;

/** The SQLite results of this run, for the PostgreSQL phase to print beside its own. */
export const sqliteResults: { value?: Results } = {};

async function against(server: ServerProcess, flows: readonly Flow[], options: BenchOptions, emailUsernames = false): Promise<Results> {
  const api = new RoundRobin([new CognitoHttp(server.url, options.concurrency)]);
  try {
    return await runSignInSuite({ servers: [server], api, flows, emailUsernames }, options);
  } finally {
    api.close();
  }
}

/** The throughput table with the per-core target beside each flow. */
export function printSignInTable(
  results: Results, extraColumns: { title: string; value: (r: LoadResult) => string }[] = [], withTargets = true,
): void {
  const rows: (string | number)[][] = [];
  for (const [flow, r] of results) {
    const target = TARGET_PER_CORE[flow];
    if (r instanceof Error) {
      rows.push([flow, 'failed', ...THROUGHPUT_COLUMNS.slice(2).map(() => '-'), ...extraColumns.map(() => '-'), ...(withTargets ? ['-'] : [])]);
      continue;
    }
    const f = figures(r);
    const verdict = `>= ${fmt(target)} (${f.opsPerServerCpuSec >= target ? 'met' : 'below'})`;
    rows.push([...throughputRow(flow, f), ...extraColumns.map((c) => c.value(r)), ...(withTargets ? [verdict] : [])]);
  }
  table([...THROUGHPUT_COLUMNS, ...extraColumns.map((c) => c.title), ...(withTargets ? ['target per core'] : [])], rows);
  for (const [flow, r] of results) {
    if (r instanceof Error) note(`${flow}: failed: ${r.message.split('\n')[0]}`);
    else errorNotes(flow, r);
  }
}

export async function signInPhase(options: BenchOptions): Promise<void> {
  heading('Sign-in over HTTP on loopback (SQLite, one node)');
  const node = await startAlcove({ name: 'sign-in' });
  let alcove: Results;
  try {
    alcove = await against(node, FLOWS, options);
  } finally {
    await node.stop();
  }
  sqliteResults.value = alcove;
  printSignInTable(alcove);
  note('ops/s per server CPU-s = operations / CPU seconds (user+system, all threads) of the server process, read from');
  note('/proc: what one fully busy core would serve, whatever the load generator on the same machine takes.');
  note('SRP sign-in = InitiateAuth + RespondToAuthChallenge; its latency counts the two requests, not the client math.');

  if (!options.cognitoLocal) return;
  heading('cognito-local, the same flows it supports, same run');
  let local: Results;
  let server: ServerProcess | undefined;
  try {
    server = await startCognitoLocal();
    local = await against(server, FLOWS.filter((f) => f !== 'USER_SRP_AUTH sign-in'), options, true);
  } catch (e) {
    note(`cognito-local could not be measured: ${e instanceof Error ? e.message : String(e)}`);
    return;
  } finally {
    await server?.stop();
  }
  printSignInTable(local, [], false);
  note('cognito-local 5.x: USER_PASSWORD_AUTH only (no SRP); JSON file storage rewritten on each write.');

  heading('Alcove / cognito-local');
  const rows: (string | number)[][] = [];
  for (const [flow, l] of local) {
    const a = alcove.get(flow);
    if (!a || a instanceof Error || l instanceof Error) {
      rows.push([flow, '-', '-', '-', '-', '-', '-']);
      continue;
    }
    const fa = figures(a);
    const fl = figures(l);
    rows.push([flow, fmt(fa.opsPerServerCpuSec), fmt(fl.opsPerServerCpuSec), `${fmt(fa.opsPerServerCpuSec / fl.opsPerServerCpuSec, 1)}x`,
      fmt(fa.opsPerSecWall), fmt(fl.opsPerSecWall), `${fmt(fa.opsPerSecWall / fl.opsPerSecWall, 1)}x`]);
  }
  table(['flow', 'Alcove ops/CPU-s', 'cognito-local ops/CPU-s', 'ratio (CPU)', 'Alcove ops/s wall', 'cognito-local ops/s wall', 'ratio (wall)'], rows);
}
