/**
 * PostgreSQL for the bench: the test cluster of `scripts/start-test-postgres.sh`, with a
 * database of the bench's own (dropped at the end), and a meter of the CPU its backends use.
 */
import { execFile } from 'node:child_process';
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
  drop(): Promise<void>;
}

/** The bench's database, or the reason there is none (PostgreSQL not installed or not startable). */
export async function openBenchDatabase(): Promise<BenchDatabase | string> {
  let clusterUrl: string;
  try {
    const { stdout } = await promisify(execFile)('bash', [path.join(ROOT, 'scripts/start-test-postgres.sh')], { timeout: 60_000 });
    clusterUrl = stdout.trim().split('\n').at(-1) ?? '';
    if (!clusterUrl.startsWith('postgres')) return `scripts/start-test-postgres.sh printed no URL: ${stdout.slice(0, 200)}`;
  } catch (e) {
    return `scripts/start-test-postgres.sh failed: ${(e as { stderr?: string }).stderr?.trim() || (e instanceof Error ? e.message : String(e))}`;
  }
  const name = `alcove_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  await dropAbandoned(admin);
  await admin.query(`drop database if exists ${name} with (force)`);
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
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Databases of interrupted earlier runs (their bench process is gone). */
async function dropAbandoned(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname ~ '^alcove_bench_[0-9]+$'");
  for (const { datname } of rows) {
    if (!alive(Number(datname.slice('alcove_bench_'.length)))) await admin.query(`drop database if exists ${datname} with (force)`);
  }
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
