/** The bench's command line: `npm run bench -- [options]`. */
import { parseArgs } from 'node:util';
import { PEERS, type Peer } from './goals.ts';

export const PHASES = ['startup', 'directory', 'sign-in', 'triggers', 'mfa', 'oauth', 'identity', 'postgres', 'scale'] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  /** Seconds each throughput phase runs at most. */
  durationSec: number;
  /** Operations in flight at once in throughput phases. */
  concurrency: number;
  /** Pool sizes the scale phase measures (always including 10,000 and 100,000 below its largest). */
  scaleSizes: number[];
  phases: Set<Phase>;
  /** Peers run beside Alcove on the same workload. */
  peers: Peer[];
  postgres: boolean;
}

export const USAGE = `npm run bench -- [options]
  --duration S       seconds per throughput phase (default 8)
  --concurrency N    requests in flight in throughput phases (default 16)
  --scale N          largest pool of the scale phase (default 100000; 1000000 for issue 4's figure)
  --only LIST        comma-separated phases: ${PHASES.join(',')} (default all)
  --no-cognito-local skip the cognito-local comparison
  --no-moto          skip the moto comparison (python3 -m moto.server; BENCH_PYTHON names another python)
  --no-postgres      skip everything on PostgreSQL
`;

export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' }, concurrency: { type: 'string' }, scale: { type: 'string' }, only: { type: 'string' },
      'no-cognito-local': { type: 'boolean' }, 'no-moto': { type: 'boolean' }, 'no-postgres': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const positive = (raw: string | undefined, fallback: number, what: string) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${what} must be a positive number`);
    return n;
  };
  const scale = Math.round(positive(values.scale, 100_000, 'scale'));
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean) ?? [...PHASES];
  for (const p of only) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`unknown phase ${p}; phases: ${PHASES.join(', ')}`);
  return {
    durationSec: positive(values.duration, 8, 'duration'),
    concurrency: Math.round(positive(values.concurrency, 16, 'concurrency')),
    scaleSizes: [...new Set([10_000, 100_000, scale].filter((n) => n <= scale))].sort((a, b) => a - b),
    phases: new Set(only as Phase[]),
    peers: PEERS.filter((p) => !values[`no-${p}`]),
    postgres: !values['no-postgres'],
  };
}
