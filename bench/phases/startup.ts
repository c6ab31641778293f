/**
 * Issue 13: start to first answer and idle memory, Alcove beside the peers. Each server is
 * started afresh (new data directory, as a first run) several times; the time is from spawning
 * the process to its first answer (Alcove: /ready answering 200; the peers: any answer to a
 * Cognito call), polled every 5 ms; idle memory is the resident memory of the process and its
 * children a few seconds after that answer, with nothing asked of it.
 */
import { recordStartup, type Peer } from '../harness/goals.ts';
import type { BenchOptions } from '../harness/options.ts';
import { treeRssMb } from '../harness/proc.ts';
import { createClient, createPool, createUser, passwordSignIn, randomUsername } from '../harness/cognito.ts';
import { CognitoHttp } from '../harness/http.ts';
import { fmt, heading, ms, note, table } from '../harness/report.ts';
import { BENCH_ACCESS_KEY, startAlcove, startCognitoLocal, startMoto, type ServerProcess } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';

const STARTS = 3;
const IDLE_MS = 3_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function startupPhase(options: BenchOptions): Promise<void> {
  heading('Start to first answer and idle memory (fresh data directory each start)');
  const starters: [string, () => Promise<ServerProcess>][] = [
    ['Alcove', () => startAlcove({ name: 'startup', verifySignatures: true })],
    ...options.peers.map((p: Peer): [string, () => Promise<ServerProcess>] => [p, p === 'moto' ? startMoto : startCognitoLocal]),
  ];
  const rows: string[][] = [];
  for (const [name, start] of starters) {
    const times: number[] = [];
    const rss: number[] = [];
    try {
      for (let i = 0; i < STARTS; i++) {
        const server = await start();
        try {
          times.push(server.startMs);
          await new Promise((r) => setTimeout(r, IDLE_MS));
          rss.push(treeRssMb(server.probe.pid));
        } finally {
          await server.stop();
        }
      }
    } catch (e) {
      note(`${name} could not be started: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    recordStartup(name, median(times), median(rss));
    rows.push([name, fmt(median(times)), times.map((t) => fmt(t)).join(' '), fmt(median(rss)), rss.map((m) => fmt(m)).join(' ')]);
  }
  table(['server', 'first answer ms (median)', 'each start', `idle RSS MB after ${IDLE_MS / 1000} s (median)`, 'each start'], rows);
  note('Alcove: `node bin/alcove.js serve` (compiled), SQLite, a fresh data directory: creates the database and its');
  note('schema. cognito-local: its published bin; moto: python3 -m moto.server. Memory includes child processes.');
  await firstSignIns();
}

const NEW_POOLS = 6;

/**
 * Issue 13: the first sign-in of a new pool no slower than any other. Pools made back to back,
 * as a test suite that creates one per test does, a second after the node's start: each pool's
 * first USER_PASSWORD_AUTH (the one that gives the pool its signing keys) and its second.
 */
async function firstSignIns(): Promise<void> {
  const node = await startAlcove({ name: 'new-pools', verifySignatures: true });
  const api = new CognitoHttp(node.url, 1, new SigV4Signer(BENCH_ACCESS_KEY));
  const rows: string[][] = [];
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    for (let i = 0; i < NEW_POOLS; i++) {
      const { poolId } = await createPool(api, `bench-new-pool-${i}`);
      const clientId = await createClient(api, poolId);
      const username = randomUsername();
      await createUser(api, poolId, username);
      let t0 = performance.now();
      await passwordSignIn(api, clientId, username);
      const first = performance.now() - t0;
      t0 = performance.now();
      await passwordSignIn(api, clientId, username);
      rows.push([`pool ${i + 1}`, ms(first), ms(performance.now() - t0)]);
    }
  } finally {
    api.close();
    await node.stop();
  }
  console.log(`\na new pool's first sign-in (${NEW_POOLS} pools made back to back, 1 s after the node's start), ms:`);
  table(['', 'first USER_PASSWORD_AUTH', 'second'], rows);
}
