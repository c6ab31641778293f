/**
 * What the phases of the newer paths share (mfa, oauth, identity: issues 9, 11, 12): one
 * Alcove node (SQLite, or the PostgreSQL database named by BENCH_DATABASE_URL), each path run
 * as a throughput phase under a hook the profile script uses, and the table printed.
 */
import { runLoad, type LoadOptions, type LoadResult, type Operation } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { backendCpuOf } from '../harness/postgres.ts';
import type { CpuMeter } from '../harness/proc.ts';
import { errorNotes, figures, fmt, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { startAlcove, type AlcoveNode } from '../harness/servers.ts';

/** A run of several measured paths on one node; `around` wraps each (the profile script starts its profiler there). */
export interface PathRun {
  node: AlcoveNode;
  options: BenchOptions;
  /** Paths to measure (labels); all when absent. */
  only?: readonly string[];
  around?: (label: string, run: () => Promise<LoadResult>) => Promise<LoadResult>;
  /** The PostgreSQL backends' CPU, measured apart (BENCH_DATABASE_URL). */
  db?: CpuMeter;
}

export type Results = Map<string, LoadResult | Error>;

export const loadOptions = (options: BenchOptions): LoadOptions => ({
  concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency,
});

/** Runs each wanted path in turn; a failing one is recorded, not thrown. */
export async function measure(run: PathRun, paths: [label: string, op: Operation][], load = loadOptions(run.options)): Promise<Results> {
  const results: Results = new Map();
  for (const [label, op] of paths) {
    if (run.only && !run.only.includes(label)) continue;
    try {
      const go = () => runLoad(op, [run.node], load, run.db);
      results.set(label, await (run.around ? run.around(label, go) : go()));
    } catch (e) {
      results.set(label, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return results;
}

/** PostgreSQL when BENCH_DATABASE_URL names a database (kept: the caller's own), else SQLite in a scratch directory. */
export const databaseLabel = (): string => (process.env.BENCH_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'SQLite');

export function startNode(name: string, nodeArgs?: string[]): Promise<AlcoveNode> {
  const url = process.env.BENCH_DATABASE_URL;
  return startAlcove({ name, verifySignatures: true, ...(url ? { databaseUrl: url } : {}), ...(nodeArgs ? { nodeArgs } : {}) });
}

/** The CPU of the PostgreSQL backends serving BENCH_DATABASE_URL's database (they run on this machine), if it is set. */
export async function databaseMeter(): Promise<{ meter: CpuMeter; close(): Promise<void> } | undefined> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return undefined;
  return backendCpuOf(url);
}

const DB_COLUMNS = [
  { title: 'PG CPU %', value: (r: LoadResult) => fmt((100 * (r.dbCpuMs ?? Number.NaN)) / r.wallMs) },
  { title: 'ops/s per (node+PG) CPU-s', value: (r: LoadResult) => fmt(figures(r).opsPerTotalCpuSec) },
];

export function printResults(results: Results, extra: { title: string; value: (label: string) => string }[] = []): void {
  if ([...results.values()].some((r) => !(r instanceof Error) && r.dbCpuMs !== undefined)) {
    extra = [...DB_COLUMNS.map((c) => ({ title: c.title, value: (label: string) => {
      const r = results.get(label);
      return !r || r instanceof Error ? '-' : c.value(r);
    } })), ...extra];
  }
  const rows: (string | number)[][] = [];
  for (const [label, r] of results) {
    const more = extra.map((c) => c.value(label));
    if (r instanceof Error) rows.push([label, 'failed', ...THROUGHPUT_COLUMNS.slice(2).map(() => '-'), ...more]);
    else rows.push([...throughputRow(label, figures(r)), ...more]);
  }
  table([...THROUGHPUT_COLUMNS, ...extra.map((c) => c.title)], rows);
  for (const [label, r] of results) {
    if (r instanceof Error) note(`${label}: failed: ${r.message.split('\n')[0]}`);
    else errorNotes(label, r);
  }
}

export const perCpu = (r: LoadResult | Error | undefined): number | undefined =>
  r && !(r instanceof Error) ? figures(r).opsPerServerCpuSec : undefined;
