/**
 * The servers under test, each its own child process so that its CPU and memory can be read
 * apart from the load generator's: Alcove nodes (`node bin/alcove.js serve`) and the peers,
 * cognito-local and moto's server (`python3 -m moto.server`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessProbe } from './proc.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  name: string;
  url: string;
  probe: ProcessProbe;
  /** Milliseconds from spawning the process to its first answer (polled every 5 ms). */
  startMs: number;
  stop(): Promise<void>;
}

/** The access key a node started with `verifySignatures` accepts, and the bench signs with. */
export const BENCH_ACCESS_KEY = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'bench-secret-access-key-0123456789abcdef' };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Waits for the first answer; gives the milliseconds since `spawnedAt`. */
async function waitUntil(ready: () => Promise<boolean>, child: ChildProcess, what: string, log: string, spawnedAt: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited during start (${child.exitCode ?? child.signalCode}):\n${tail(log)}`);
    }
    if (await ready().catch(() => false)) return performance.now() - spawnedAt;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000}s:\n${tail(log)}`);
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return () => new Promise<void>((resolve) => {
    const done = () => { cleanup(); resolve(); };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => { clearTimeout(force); done(); });
    child.kill('SIGTERM');
  });
}

/** A fixed key-encryption key: nodes sharing one PostgreSQL must all hold the same one. */
export const BENCH_KEK = `bench:${Buffer.alloc(32, 42).toString('base64')}`;

export interface AlcoveOptions {
  name: string;
  /** PostgreSQL URL; absent means SQLite in the node's own data directory. */
  databaseUrl?: string;
  /**
   * The URL clients reach the node at; token issuers are built from it, so nodes behind one
   * balancer must share it (else each refuses the others' tokens). Default: the node's own URL.
   */
  publicUrl?: string;
  /**
   * Without `--dev`: admin calls must carry a valid SigV4 signature by BENCH_ACCESS_KEY (the
   * bench's caller then signs them), so that signature verification is measured too.
   */
  verifySignatures?: boolean;
  /** Extra arguments for node before the script (the profile script's `--cpu-prof`). */
  nodeArgs?: string[];
  /** Writes a config file (and what it names) into the node's data directory; its path goes to `--config`. */
  configFile?: (dataDir: string) => string;
  /** Another checkout's root (its compiled `dist/`), for before/after runs: `bench/ab-admin.ts --root`. */
  root?: string;
}

/** What nodes sharing a database advertise: the address of the (imaginary) balancer in front. */
export const BALANCER_URL = 'http://alcove-balancer.invalid';

export interface AlcoveNode extends ServerProcess {
  dataDir: string;
}

export async function startAlcove(options: AlcoveOptions): Promise<AlcoveNode> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-bench-'));
  const port = await freePort();
  const log = path.join(dataDir, `${options.name.replace(/\W+/g, '-')}.log`);
  const fd = openSync(log, 'a');
  const root = options.root ?? ROOT;
  const args = [...(options.nodeArgs ?? []), path.join(root, 'bin/alcove.js'), 'serve', '--port', String(port), '--host', '127.0.0.1',
    '--data-dir', dataDir, '--log-level', 'warn'];
  if (!options.verifySignatures) args.push('--dev');
  if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
  if (options.publicUrl) args.push('--public-url', options.publicUrl);
  if (options.configFile) args.push('--config', options.configFile(dataDir));
  const keys = options.verifySignatures
    ? { ALCOVE_ACCESS_KEY_ID: BENCH_ACCESS_KEY.accessKeyId, ALCOVE_SECRET_ACCESS_KEY: BENCH_ACCESS_KEY.secretAccessKey } : {};
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    // The load generator is one client address: the per-address limit of public calls would
    // measure itself. ALCOVE_QUOTAS and the like pass through from the bench's environment.
    cwd: root, stdio: ['ignore', fd, fd], env: { ALCOVE_ADDRESS_RATE_LIMIT: '0', ...process.env, ALCOVE_KEK: BENCH_KEK, ...keys },
  });
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  let startMs: number;
  try {
    startMs = await waitUntil(async () => (await fetch(`${url}/ready`)).ok, child, `alcove node ${options.name}`, log, spawnedAt);
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    name: options.name, url, dataDir, probe: new ProcessProbe(child.pid!), startMs,
    stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** cognito-local in a scratch directory (it keeps its JSON database under `./.cognito`). */
export async function startCognitoLocal(): Promise<ServerProcess> {
  const bin = path.join(ROOT, 'node_modules/cognito-local/lib/bin/start.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'cognito-local-bench-'));
  const port = await freePort();
  const log = path.join(dir, 'cognito-local.log');
  const fd = openSync(log, 'a');
  // Its own defaults otherwise (it logs every request at info level: that is part of its cost).
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [bin], {
    cwd: dir, stdio: ['ignore', fd, fd], env: { ...process.env, PORT: String(port), NODE_NO_WARNINGS: '1' },
  });
  closeSync(fd);
  return peerReady('cognito-local', child, port, dir, log, spawnedAt);
}

/** The first answer to a Cognito call: any HTTP status will do. */
async function peerReady(name: string, child: ChildProcess, port: number, dir: string, log: string, spawnedAt: number): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const answers = async () => {
    const r = await fetch(url, {
      method: 'POST', body: '{}',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' },
    });
    return r.status > 0;
  };
  let startMs: number;
  try {
    startMs = await waitUntil(answers, child, name, log, spawnedAt);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    name, url, probe: new ProcessProbe(child.pid!), startMs,
    stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * moto's server (`python3 -m moto.server`, all services in one process, state in memory), as
 * installed: it routes Cognito calls by X-Amz-Target and checks no signature.
 */
export async function startMoto(): Promise<ServerProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'moto-bench-'));
  const port = await freePort();
  const log = path.join(dir, 'moto.log');
  const fd = openSync(log, 'a');
  const spawnedAt = performance.now();
  // Its own defaults otherwise (werkzeug logs every request: that is part of its cost).
  const child = spawn(process.env.BENCH_PYTHON ?? 'python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: dir, stdio: ['ignore', fd, fd], env: { ...process.env },
  });
  closeSync(fd);
  return peerReady('moto', child, port, dir, log, spawnedAt);
}
