/**
 * PostgreSQL for the bench: a throwaway cluster of `scripts/start-test-postgres.sh` in a folder of
 * the bench's own (stopped and removed at the end), with a database of the bench's own, and a
 * meter of the CPU its backends use.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { dynamicCpuMeter, type CpuMeter } from './proc.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BenchDatabase {
  url: string;
  /** CPU of the PostgreSQL backends serving this database's clients (not autovacuum, not the cluster's background processes). */
  backendCpu: CpuMeter;
  /** Ends the bench's use of PostgreSQL: its cluster stopped and removed, the database with it. */
  drop(): Promise<void>;
}

/** The bench's database, or the reason there is none (PostgreSQL not installed or not startable). */
export async function openBenchDatabase(): Promise<BenchDatabase | string> {
  let clusterUrl: string;
  // The cluster's folder is the bench's: stopped and removed when the bench is done with it.
  const clusterDir = mkdtempSync(path.join(tmpdir(), 'alcove-bench-pg.'));
  const stopCluster = async () => {
    await promisify(execFile)('bash', [path.join(ROOT, 'scripts/stop-test-postgres.sh'), clusterDir, '--remove'], { timeout: 60_000 }).catch(() => undefined);
  };
  try {
    const { stdout } = await promisify(execFile)('bash', [path.join(ROOT, 'scripts/start-test-postgres.sh'), clusterDir], { timeout: 60_000 });
    clusterUrl = stdout.trim().split('\n').at(-1) ?? '';
    if (!clusterUrl.startsWith('postgres')) {
      await stopCluster();
      return `scripts/start-test-postgres.sh printed no URL: ${stdout.slice(0, 200)}`;
    }
  } catch (e) {
    await stopCluster();
    return `scripts/start-test-postgres.sh failed: ${(e as { stderr?: string }).stderr?.trim() || (e instanceof Error ? e.message : String(e))}`;
  }
  const name = `alcove_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    backendCpu: dynamicCpuMeter(async () =>
      (await admin.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()", [name],
      )).rows.map((r) => r.pid)),
    async drop() {
      await admin.end();
      await stopCluster();
    },
  };
}

/**
 * The CPU of the PostgreSQL backends serving the database `url` names (they run on this
 * machine): for runs against a database of the caller's own (`--database-url`, BENCH_DATABASE_URL).
 */
export async function backendCpuOf(url: string): Promise<{ meter: CpuMeter; close(): Promise<void> }> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const meter = dynamicCpuMeter(async () => (await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()", [name],
  )).rows.map((r) => r.pid));
  return { meter, close: () => admin.end() };
}
