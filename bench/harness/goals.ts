/**
 * Issue 13's goal table: every path's figure from this run (operations per second of server
 * CPU), its goal and crypto floor, the peers' figures on the same workload and Alcove's ratio to
 * each, with p99 latency at the bench's concurrency beside Alcove's figure. The phases record
 * what they measured; `printGoalTable` prints it at the end of the run and marks what falls short.
 */
import { figures, fmt, heading, ms, note, table } from './report.ts';
import type { LoadResult } from './load.ts';

export const PEERS = ['cognito-local', 'moto'] as const;
export type Peer = (typeof PEERS)[number];

export type GoalPath =
  | 'USER_SRP_AUTH sign-in' | 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH' | 'GetUser' | 'AdminGetUser (SigV4)'
  | 'SignUp (durable)' | 'AdminCreateUser (durable)' | 'ListUsers 60, filter, 100,000 users';

interface Goal {
  path: GoalPath;
  /** The issue's figure when it was filed, for the eye. */
  issueToday: string;
  goal: number;
  floor?: string;
  /** How many times a peer's figure Alcove should reach on this path. */
  peerFactor: number;
}

/** Issue 13's goals, per second of server CPU. */
export const GOALS: readonly Goal[] = [
  { path: 'USER_SRP_AUTH sign-in', issueToday: '~210', goal: 320, floor: '~400', peerFactor: 3 },
  { path: 'USER_PASSWORD_AUTH', issueToday: '~300-420', goal: 600, floor: '~750', peerFactor: 3 },
  { path: 'REFRESH_TOKEN_AUTH', issueToday: '~900-1,000', goal: 1500, floor: '~1,800', peerFactor: 3 },
  { path: 'GetUser', issueToday: '~1,900-3,000', goal: 6000, floor: '~47,000', peerFactor: 3 },
  { path: 'AdminGetUser (SigV4)', issueToday: '-', goal: 5000, peerFactor: 3 },
  { path: 'SignUp (durable)', issueToday: '~250', goal: 600, peerFactor: 3 },
  { path: 'AdminCreateUser (durable)', issueToday: '~250', goal: 600, peerFactor: 3 },
  { path: 'ListUsers 60, filter, 100,000 users', issueToday: '-', goal: 1500, peerFactor: 3 },
];

interface Measured {
  perCpuSec: number;
  p99: number;
  concurrency: number;
}

const alcove = new Map<GoalPath, Measured>();
const peers = new Map<GoalPath, Map<Peer, number>>();
const startup = new Map<string, { startMs: number; idleRssMb: number }>();

function measured(r: LoadResult, concurrency: number): Measured {
  const f = figures(r);
  return { perCpuSec: f.opsPerServerCpuSec, p99: f.p99, concurrency };
}

export function recordAlcove(path: GoalPath, r: LoadResult, concurrency: number): void {
  if (r.ops > 0) alcove.set(path, measured(r, concurrency));
}

export function recordPeer(path: GoalPath, peer: Peer, r: LoadResult): void {
  if (r.ops === 0) return;
  let m = peers.get(path);
  if (!m) peers.set(path, (m = new Map()));
  m.set(peer, figures(r).opsPerServerCpuSec);
}

export function recordStartup(server: string, startMs: number, idleRssMb: number): void {
  startup.set(server, { startMs, idleRssMb });
}

export function printGoalTable(): void {
  heading('Issue 13: the goal table (ops/s per server CPU-s; p99 at the concurrency shown)');
  if (alcove.size === 0 && startup.size === 0) return note('no path measured in this run (run the sign-in, directory or scale phases)');
  const rows: string[][] = [];
  let short = 0;
  for (const g of GOALS) {
    const a = alcove.get(g.path);
    const p = peers.get(g.path);
    const peerCells = PEERS.map((name) => fmt(p?.get(name)));
    const ratios = PEERS.map((name) => {
      const v = p?.get(name);
      return a && v ? `${fmt(a.perCpuSec / v, 1)}x` : '-';
    });
    const misses: string[] = [];
    if (a && a.perCpuSec < g.goal) misses.push('goal');
    if (a && PEERS.some((name) => { const v = p?.get(name); return v !== undefined && a.perCpuSec < g.peerFactor * v; })) misses.push(`${g.peerFactor}x peers`);
    if (misses.length > 0) short++;
    rows.push([g.path, a ? fmt(a.perCpuSec) : 'not run', a ? `${ms(a.p99)} @${a.concurrency}` : '-', `>= ${fmt(g.goal)}`, g.floor ?? '',
      ...peerCells, ...ratios, g.issueToday, !a ? '' : misses.length > 0 ? `SHORT (${misses.join(', ')})` : 'met']);
  }
  table(['path', 'Alcove', 'p99 ms', 'goal', 'floor', ...PEERS, ...PEERS.map((n) => `/ ${n}`), 'at filing', 'verdict'], rows);
  if (startup.size > 0) {
    console.log('');
    const names = [...startup.keys()];
    const al = startup.get('Alcove');
    const cl = startup.get('cognito-local');
    const verdict = (a: number | undefined, c: number | undefined) => (a === undefined || c === undefined ? '' : a <= c ? 'met' : 'SHORT');
    table(['', ...names, 'goal', 'verdict'], [
      ['start to first answer, ms (median)', ...names.map((n) => fmt(startup.get(n)!.startMs)), '<= cognito-local', verdict(al?.startMs, cl?.startMs)],
      ['idle memory, MB RSS (process tree)', ...names.map((n) => fmt(startup.get(n)!.idleRssMb)), '<= cognito-local', verdict(al?.idleRssMb, cl?.idleRssMb)],
    ]);
  }
  note(`${short} of ${GOALS.filter((g) => alcove.has(g.path)).length} measured paths fall short of the goal or of ${GOALS[0]!.peerFactor}x a peer.`);
  note('Peers: "-" where the peer lacks the flow or the phase did not run it. ListUsers at 100,000 users is measured on Alcove');
  note('only (the peers cannot be filled that far through their APIs in a bench run).');
}
