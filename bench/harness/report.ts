/** Plain-text tables for the terminal: one row per measured phase. */
import { percentile, type LoadResult } from './load.ts';

export function heading(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 96 - title.length))}`);
}

export function note(text: string): void {
  console.log(`   ${text}`);
}

export function table(columns: string[], rows: (string | number)[][]): void {
  const cells = [columns, ...rows.map((r) => r.map(String))];
  const widths = columns.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ');
  console.log(line(columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

export const fmt = (n: number | undefined, digits = 0): string =>
  n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const ms = (n: number): string => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-');

/** The figures of one run that every table shows. */
export interface Figures {
  ops: number;
  errors: number;
  opsPerSecWall: number;
  /** Operations per second of server CPU: what one fully busy core of the server would do. */
  opsPerServerCpuSec: number;
  /** Per second of server + database CPU (PostgreSQL only). */
  opsPerTotalCpuSec?: number;
  p50: number;
  p99: number;
  peakRssMb: number[];
  serverCpuPercent: number;
}

export function figures(r: LoadResult): Figures {
  return {
    ops: r.ops,
    errors: r.errors,
    opsPerSecWall: (r.ops * 1000) / r.wallMs,
    opsPerServerCpuSec: (r.ops * 1000) / r.serverCpuMs,
    ...(r.dbCpuMs !== undefined ? { opsPerTotalCpuSec: (r.ops * 1000) / (r.serverCpuMs + r.dbCpuMs) } : {}),
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    peakRssMb: r.peakRssMb,
    serverCpuPercent: (100 * r.serverCpuMs) / r.wallMs,
  };
}

export const THROUGHPUT_COLUMNS = ['phase', 'ops', 'errors', 'ops/s wall', 'ops/s per server CPU-s', 'server CPU %', 'p50 ms', 'p99 ms', 'peak RSS MB'];

export function throughputRow(label: string, f: Figures): (string | number)[] {
  return [label, fmt(f.ops), fmt(f.errors), fmt(f.opsPerSecWall), fmt(f.opsPerServerCpuSec), fmt(f.serverCpuPercent),
    ms(f.p50), ms(f.p99), f.peakRssMb.map((m) => fmt(m)).join(' + ')];
}

/** Prints the first error of a run that had any, so a failing phase says why. */
export function errorNotes(label: string, r: LoadResult): void {
  if (r.errors > 0) note(`${label}: ${r.errors} errors, first: ${r.firstError}`);
}
