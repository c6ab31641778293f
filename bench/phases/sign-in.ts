/**
 * Issues 3 and 13: sign-in throughput per second of server CPU on SQLite, beside issue 13's
 * goals, and the flows each peer (cognito-local, moto) supports run against it in the same run,
 * with the ratios.
 */
import { CognitoHttp, RoundRobin } from '../harness/http.ts';
import type { LoadResult } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { errorNotes, figures, fmt, heading, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { recordAlcove, recordPeer, type Peer } from '../harness/goals.ts';
import { BENCH_ACCESS_KEY, startAlcove, startCognitoLocal, startMoto, type ServerProcess } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';
import { FLOWS, runSignInSuite, TARGET_PER_CORE, type Flow } from './sign-in-suite.ts';

export type Results = Map<Flow, LoadResult | Error>;

/** The SQLite results of this run, for the PostgreSQL phase to print beside its own. */
export const sqliteResults: { value?: Results } = {};

async function against(server: ServerProcess, flows: readonly Flow[], options: BenchOptions, emailUsernames = false): Promise<Results> {
  // Every server gets the same signed admin calls; only Alcove's sign-in node verifies them.
  const api = new RoundRobin([new CognitoHttp(server.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY))]);
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

/** What each peer serves of the flows (cognito-local 5.x has no SRP). */
const PEER_FLOWS: Record<Peer, readonly Flow[]> = {
  'cognito-local': FLOWS.filter((f) => f !== 'USER_SRP_AUTH sign-in'),
  // moto 5.2's USER_SRP_AUTH does no SRP arithmetic, and names the user by its sub in
  // USER_ID_FOR_SRP, which it then refuses as the USERNAME a real client sends back.
  moto: FLOWS.filter((f) => f !== 'USER_SRP_AUTH sign-in'),
};
const PEER_NOTES: Record<Peer, string> = {
  'cognito-local': 'cognito-local 5.x: no SRP; emails as usernames; JSON file storage rewritten on each write; checks no signature.',
  moto: 'moto 5.x server: state in memory (no durability); checks no signature. Its USER_SRP_AUTH does no SRP arithmetic\n   and refuses the USER_ID_FOR_SRP it gives as a real client sends it back (identity-js fails too): not measured.',
};
const STARTERS: Record<Peer, () => Promise<ServerProcess>> = { 'cognito-local': startCognitoLocal, moto: startMoto };

export async function signInPhase(options: BenchOptions): Promise<void> {
  heading('Sign-in over HTTP on loopback (SQLite, one node, admin calls SigV4-signed and verified)');
  const node = await startAlcove({ name: 'sign-in', verifySignatures: true });
  let alcove: Results;
  try {
    alcove = await against(node, FLOWS, options);
  } finally {
    await node.stop();
  }
  sqliteResults.value = alcove;
  printSignInTable(alcove);
  for (const [flow, r] of alcove) if (!(r instanceof Error)) recordAlcove(flow, r, options.concurrency);
  note('ops/s per server CPU-s = operations / CPU seconds (user+system, all threads) of the server process, read from');
  note('/proc: what one fully busy core would serve, whatever the load generator on the same machine takes.');
  note('SRP sign-in = InitiateAuth + RespondToAuthChallenge; its latency counts the two requests, not the client math.');
  note('This node runs without --dev: AdminGetUser (and the setup\'s admin calls) carry SigV4 signatures it verifies.');

  const measuredPeers = new Map<Peer, Results>();
  for (const peer of options.peers) {
    heading(`${peer}, the same flows it supports, same run`);
    let server: ServerProcess | undefined;
    try {
      server = await STARTERS[peer]();
      measuredPeers.set(peer, await against(server, PEER_FLOWS[peer], options, peer === 'cognito-local'));
    } catch (e) {
      note(`${peer} could not be measured: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    } finally {
      await server?.stop();
    }
    const results = measuredPeers.get(peer)!;
    printSignInTable(results, [], false);
    for (const [flow, r] of results) if (!(r instanceof Error)) recordPeer(flow, peer, r);
    note(PEER_NOTES[peer]);
  }
  if (measuredPeers.size === 0) return;

  heading(`Alcove / ${[...measuredPeers.keys()].join(', ')} (ops/s per server CPU-s, and wall clock)`);
  const peerNames = [...measuredPeers.keys()];
  const rows: (string | number)[][] = [];
  for (const flow of FLOWS) {
    const a = alcove.get(flow);
    const fa = a && !(a instanceof Error) ? figures(a) : undefined;
    const row: (string | number)[] = [flow, fmt(fa?.opsPerServerCpuSec)];
    for (const peer of peerNames) {
      const l = measuredPeers.get(peer)!.get(flow);
      const fl = l && !(l instanceof Error) ? figures(l) : undefined;
      row.push(fmt(fl?.opsPerServerCpuSec), fa && fl ? `${fmt(fa.opsPerServerCpuSec / fl.opsPerServerCpuSec, 1)}x` : '-',
        fa && fl ? `${fmt(fa.opsPerSecWall / fl.opsPerSecWall, 1)}x` : '-');
    }
    rows.push(row);
  }
  table(['flow', 'Alcove', ...peerNames.flatMap((p) => [p, 'ratio (CPU)', 'ratio (wall)'])], rows);
}
