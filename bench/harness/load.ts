/**
 * The load generator: a bounded number of operations in flight, bounded in count and in time,
 * each operation's latency recorded; the servers' CPU and peak memory read around the run.
 */
import type { CpuMeter } from './proc.ts';
import type { ServerProcess } from './servers.ts';

export interface LoadOptions {
  concurrency: number;
  maxOps: number;
  maxMs: number;
  /** Operations run (same concurrency) before measuring: JIT, caches, connection pools. */
  warmupOps: number;
}

/**
 * One operation. It may return its own latency in ms (an SRP sign-in counts only its two
 * requests, not the client's math between them); otherwise the runner times the whole call.
 */
export type Operation = (i: number) => Promise<number | void>;

export interface LoadResult {
  ops: number;
  errors: number;
  firstError?: string;
  wallMs: number;
  /** CPU ms of the measured servers (summed). */
  serverCpuMs: number;
  /** CPU ms of the database processes, when measured apart (PostgreSQL). */
  dbCpuMs?: number;
  /** Latencies in ms, sorted. */
  latencies: Float64Array;
  /** Peak RSS of each server during the run (MB), and whether it is the phase's own peak. */
  peakRssMb: number[];
  peakIsPhase: boolean;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function drive(op: Operation, options: { concurrency: number; maxOps: number; maxMs: number }, record: boolean) {
  const latencies = new Float64Array(options.maxOps);
  let started = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + options.maxMs;
  const worker = async () => {
    while (started < options.maxOps && performance.now() < deadline) {
      const i = started++;
      const t0 = performance.now();
      try {
        const own = await op(i);
        if (record) latencies[done] = typeof own === 'number' ? own : performance.now() - t0;
        done++;
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { latencies: latencies.slice(0, done).sort(), errors, firstError };
}

export async function runLoad(op: Operation, servers: ServerProcess[], options: LoadOptions, db?: CpuMeter): Promise<LoadResult> {
  if (options.warmupOps > 0) {
    const warm = await drive(op, { ...options, maxOps: options.warmupOps, maxMs: Math.min(options.maxMs, 20_000) }, false);
    if (warm.errors > 0 && warm.errors >= options.warmupOps / 2) {
      throw new Error(`warm-up failed (${warm.errors}/${options.warmupOps} errors): ${warm.firstError}`);
    }
  }
  const peakIsPhase = servers.map((s) => s.probe.resetPeak()).every(Boolean);
  const cpuBefore = servers.map((s) => s.probe.cpuMs());
  const dbStop = db ? await db.start() : undefined;
  const t0 = performance.now();
  const run = await drive(op, options, true);
  const wallMs = performance.now() - t0;
  const serverCpuMs = servers.reduce((sum, s, i) => sum + (s.probe.cpuMs() - cpuBefore[i]!), 0);
  const dbCpuMs = dbStop ? await dbStop() : undefined;
  return {
    ops: run.latencies.length,
    errors: run.errors,
    ...(run.firstError ? { firstError: run.firstError } : {}),
    wallMs,
    serverCpuMs,
    ...(dbCpuMs !== undefined ? { dbCpuMs } : {}),
    latencies: run.latencies,
    peakRssMb: servers.map((s) => s.probe.peakRssMb()),
    peakIsPhase,
  };
}
