/**
 * `npm run profile -- <path> [options]`: a CPU profile of an Alcove node (compiled, SQLite, one
 * node, as `npm run bench` runs it; `--database-url` puts it on a PostgreSQL database of the
 * caller's instead) serving one bench path under the bench's load, written as a
 * .cpuprofile (open it in Chrome DevTools' Performance panel or at https://www.speedscope.app),
 * and the top frames by self time printed.
 *
 * The node runs with `--inspect` on a loopback port; the profiler (V8's sampling profiler, what
 * `node --cpu-prof` uses) is started over the inspector protocol after the setup (pool, users,
 * tokens) and stopped after the load, so the profile holds the path and nothing else. The
 * `startup` path instead runs the node under `node --cpu-prof` from spawn to its first answer.
 * The startup profile is of the bundle (dist/bundle/, what `alcove` runs); the others run tsc's
 * output module by module (ALCOVE_BUNDLE=0, unless set), so that frames name their package.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPool, emailOf, fillPool, PASSWORD, randomUsername } from '../bench/harness/cognito.ts';
import { CognitoHttp, RoundRobin, ServiceError } from '../bench/harness/http.ts';
import { runLoad, type LoadResult } from '../bench/harness/load.ts';
import { figures, fmt, ms } from '../bench/harness/report.ts';
import { BENCH_ACCESS_KEY, freePort, startAlcove, type AlcoveNode } from '../bench/harness/servers.ts';
import { SigV4Signer } from '../bench/harness/sigv4-signer.ts';
import { FLOWS, runSignInSuite, type Flow } from '../bench/phases/sign-in-suite.ts';
import { parseOptions } from '../bench/harness/options.ts';
import { NEW_PATH_PROFILES } from '../bench/phases/profiles.ts';

const SIGN_IN: Record<string, Flow> = {
  srp: 'USER_SRP_AUTH sign-in', password: 'USER_PASSWORD_AUTH', refresh: 'REFRESH_TOKEN_AUTH', getuser: 'GetUser', admingetuser: 'AdminGetUser (SigV4)',
};
const PATHS = [...Object.keys(SIGN_IN), 'signup', 'admincreateuser', 'listusers', 'floor', 'startup', ...Object.keys(NEW_PATH_PROFILES)];

const USAGE = `npm run profile -- <path> [options]
  path: ${PATHS.join(' | ')}
  --duration S      seconds of load while profiling (default 10)
  --concurrency N   requests in flight (default 16)
  --users N         listusers: the pool's size (default 10000; bulk-loaded like the bench's scale phase)
  --top N           frames to print (default 30)
  --out DIR         where the .cpuprofile goes (default profiles/)
  --database-url U  run the node on this PostgreSQL database (the caller's, kept; not for listusers or startup)
`;

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** The least of the Chrome DevTools protocol: one session, commands answered by id. */
class Inspector {
  #id = 0;
  readonly #pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const p = msg.id === undefined ? undefined : this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }
  static async connect(port: number): Promise<Inspector> {
    const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json() as { webSocketDebuggerUrl: string }[];
    const ws = new WebSocket(target!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => { ws.addEventListener('open', resolve); ws.addEventListener('error', reject); });
    return new Inspector(ws);
  }
  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = ++this.#id;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }
  close(): void {
    this.ws.close();
  }
}

async function profiled(inspector: Inspector, run: () => Promise<LoadResult>): Promise<{ result: LoadResult; profile: CpuProfile }> {
  await inspector.send('Profiler.enable');
  await inspector.send('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.send('Profiler.start');
  const result = await run();
  const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
  return { result, profile };
}

/** Self time per function (name, file, line), summed over the samples. */
export function topFrames(profile: CpuProfile, top: number): { rows: string[][]; totalMs: number; byArea: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const frames = new Map<string, { us: number; frame: CallFrame }>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const key = `${f.functionName}|${f.url}|${f.lineNumber}`;
    const e = frames.get(key) ?? { us: 0, frame: f };
    e.us += us;
    frames.set(key, e);
    if (f.functionName !== '(idle)') totalUs += us;
    const area = areaOf(f);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busy = [...frames.values()].filter((e) => e.frame.functionName !== '(idle)').sort((a, b) => b.us - a.us).slice(0, top);
  const rows = busy.map((e) => [fmt((100 * e.us) / totalUs, 1), ms(e.us / 1000), e.frame.functionName || '(anonymous)', where(e.frame)]);
  const byArea = [...areas].filter(([a]) => a !== '(idle)').sort((a, b) => b[1] - a[1]).map(([a, us]): [string, number] => [a, (100 * us) / totalUs]);
  return { rows, totalMs: totalUs / 1000, byArea };
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function where(f: CallFrame): string {
  if (!f.url) return '';
  let u = f.url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) u = u.slice(nm + 1);
  else if (u.startsWith(ROOT)) u = u.slice(ROOT.length + 1);
  return `${u}:${f.lineNumber + 1}`;
}

/** Where the time goes, coarsely: V8 and Node's own work, each dependency, our code. */
function areaOf(f: CallFrame): string {
  if (f.functionName.startsWith('(')) return f.functionName; // (garbage collector), (program), (idle)
  const u = f.url;
  if (!u) return '(native / builtins)';
  if (u.startsWith('node:')) return 'node: core';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (nm) return nm[1]!;
  const dist = /\/dist\/([^/]+)/.exec(u);
  return dist ? `alcove ${dist[1]}` : 'other';
}

function report(label: string, profile: CpuProfile, file: string, top: number, result?: LoadResult, warmupOps = 0): void {
  const { rows, totalMs, byArea } = topFrames(profile, top);
  console.log(`\n${label}: ${file}`);
  if (result) {
    const f = figures(result);
    console.log(`load: ${fmt(f.ops)} ops, ${fmt(f.errors)} errors, ${fmt(f.opsPerServerCpuSec)} ops/s per server CPU-s (profiler on: lower than the bench's), p99 ${ms(f.p99)} ms`);
    if (result.firstError) console.log(`first error: ${result.firstError}`);
  }
  // Samples are of the main thread's wall time: a synchronous call that blocks it (better-sqlite3's
  // commit waiting for fsync) counts as that call's self time though it uses no CPU.
  const calls = result ? result.ops + warmupOps : 0;
  console.log(`${ms(totalMs)} ms of main-thread samples, idle excluded (time blocked in synchronous calls, such as SQLite's`);
  console.log(`fsync at commit, counts as busy)${result ? `: ${ms((totalMs * 1000) / Math.max(1, calls))} us a call over ${fmt(calls)} calls, warm-up included` : ''}\n`);
  console.log('by area (self time):');
  for (const [area, pct] of byArea.slice(0, 12)) console.log(`  ${fmt(pct, 1).padStart(5)} %  ${area}`);
  console.log(`\ntop ${top} frames by self time:`);
  const widths = [6, 9, 40];
  console.log(`${'self %'.padStart(widths[0]!)}  ${'self ms'.padStart(widths[1]!)}  ${'function'.padEnd(widths[2]!)}  where`);
  for (const r of rows) console.log(`${r[0]!.padStart(widths[0]!)}  ${r[1]!.padStart(widths[1]!)}  ${r[2]!.slice(0, widths[2]).padEnd(widths[2]!)}  ${r[3]}`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2), allowPositionals: true, strict: true,
    options: {
      duration: { type: 'string' }, concurrency: { type: 'string' }, users: { type: 'string' }, top: { type: 'string' }, out: { type: 'string' },
      'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const which = positionals[0];
  if (values.help || !which || !(PATHS as readonly string[]).includes(which)) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const databaseUrl = values['database-url'];
  if (databaseUrl && (which === 'listusers' || which === 'startup')) {
    process.stderr.write(`--database-url: ${which} runs on SQLite only\n`);
    return 2;
  }
  const bench = parseOptions(['--duration', values.duration ?? '10', '--concurrency', values.concurrency ?? '16'])!;
  const top = Number(values.top ?? 30);
  const outDir = path.resolve(values.out ?? 'profiles');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(outDir, `${which}-${stamp}.cpuprofile`);

  if (which === 'startup') {
    const dir = path.join(outDir, `.startup-${stamp}`);
    const node = await startAlcove({ name: 'profile', verifySignatures: true, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'] });
    console.log(`first answer after ${fmt(node.startMs)} ms`);
    await node.stop();
    const written = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    if (written.length === 0) throw new Error('the node wrote no profile');
    const text = readFileSync(path.join(dir, written[0]!), 'utf8');
    writeFileSync(file, text);
    report('startup (spawn to exit, stopped right after the first answer)', JSON.parse(text) as CpuProfile, file, top);
    return 0;
  }

  const port = await freePort();
  process.env.ALCOVE_BUNDLE ??= '0'; // frames by package, not all in the bundle's chunks
  const node = await startAlcove({ name: 'profile', verifySignatures: true, nodeArgs: [`--inspect=127.0.0.1:${port}`], ...(databaseUrl ? { databaseUrl } : {}) });
  const inspector = await Inspector.connect(port);
  const signer = new SigV4Signer(BENCH_ACCESS_KEY);
  let out: { result: LoadResult; profile: CpuProfile } | undefined;
  try {
    const flow = SIGN_IN[which];
    const load = { concurrency: bench.concurrency, maxOps: 1_000_000, maxMs: bench.durationSec * 1000, warmupOps: 4 * bench.concurrency };
    const newPath = NEW_PATH_PROFILES[which];
    if (newPath) {
      await newPath.suite({ node, options: bench, only: [newPath.label], around: async (_label, run) => { out = await profiled(inspector, run); return out.result; } });
    } else if (flow) {
      const api = new RoundRobin([new CognitoHttp(node.url, bench.concurrency, signer)]);
      try {
        await runSignInSuite({
          servers: [node], api, flows: FLOWS.filter((f) => f === flow),
          around: async (_flow, run) => { out = await profiled(inspector, run); return out.result; },
        }, bench);
      } finally {
        api.close();
      }
    } else {
      out = await directoryPath(which, node, bench.concurrency, signer, load, inspector, Number(values.users ?? 10_000));
    }
  } finally {
    inspector.close();
    await node.stop();
  }
  if (!out) throw new Error('nothing was profiled');
  writeFileSync(file, JSON.stringify(out.profile));
  report(which, out.profile, file, top, out.result, 4 * bench.concurrency);
  return 0;
}

async function directoryPath(
  which: string, node: AlcoveNode, concurrency: number, signer: SigV4Signer,
  load: { concurrency: number; maxOps: number; maxMs: number; warmupOps: number }, inspector: Inspector, users: number,
): Promise<{ result: LoadResult; profile: CpuProfile }> {
  const api = new CognitoHttp(node.url, concurrency, signer);
  try {
    const { poolId } = await createPool(api, 'profile');
    const { UserPoolClient: client } = await api.call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'profile' });
    if (which === 'floor') {
      // The aws-json route's floor: an operation no table serves, unsigned (no signature, no
      // storage, no handler; a 400 UnknownOperationException).
      return await profiled(inspector, () => runLoad(async () => {
        try {
          await api.call('NoSuchOperation', {});
        } catch (e) {
          if (e instanceof ServiceError && e.type === 'UnknownOperationException') return;
          throw e;
        }
        throw new Error('an unknown operation was answered');
      }, [node], load));
    }
    if (which === 'signup') {
      return await profiled(inspector, () => runLoad(async () => {
        const username = randomUsername();
        await api.call('SignUp', { ClientId: client.ClientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: emailOf(username) }] });
      }, [node], load));
    }
    if (which === 'admincreateuser') {
      return await profiled(inspector, () => runLoad(async () => {
        const username = randomUsername();
        await api.call('AdminCreateUser', {
          UserPoolId: poolId, Username: username, DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [{ Name: 'email', Value: emailOf(username) }, { Name: 'email_verified', Value: 'true' }],
        });
      }, [node], load));
    }
    // listusers: a pool of `users` (copies of one API-created user), pages of 60 by a username prefix.
    await fillPool(api, path.join(node.dataDir, 'alcove.sqlite'), poolId, users);
    const HEX = '0123456789abcdef';
    return await profiled(inspector, () => runLoad(async (i) => {
      const r = await api.call('ListUsers', { UserPoolId: poolId, Filter: `username ^= "u${HEX[i % 16]}"`, Limit: 60 });
      if ((r.Users as unknown[]).length !== 60) throw new Error(`ListUsers gave ${(r.Users as unknown[]).length} users, not a full page`);
    }, [node], load));
  } finally {
    api.close();
  }
}

process.exitCode = await main();
