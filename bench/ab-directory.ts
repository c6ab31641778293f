/**
 * Before/after runs of the directory writes (SignUp, AdminCreateUser) on one fresh Alcove node
 * (compiled, SQLite, signatures verified, as the bench's directory phase):
 * `node --import tsx bench/ab-directory.ts [signup,admincreateuser] [--root DIR] [--duration S]`.
 * `--root` runs another checkout's build (e.g. a `git worktree` of the previous commit). Prints one
 * line per path: ops per server CPU-s, wall ops/s, p50 and p99, and where the server's CPU went by
 * thread (from /proc/<pid>/task: the main thread, libuv's pool, V8's helpers, worker threads), in
 * µs a call, user + system.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPool, emailOf, PASSWORD, randomUsername } from './harness/cognito.ts';
import { CognitoHttp } from './harness/http.ts';
import { runLoad } from './harness/load.ts';
import { parseOptions } from './harness/options.ts';
import { figures, fmt, ms } from './harness/report.ts';
import { BENCH_ACCESS_KEY, startAlcove } from './harness/servers.ts';
import { SigV4Signer } from './harness/sigv4-signer.ts';
import { settled } from './phases/directory.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2), allowPositionals: true, options: { duration: { type: 'string' }, root: { type: 'string' } },
});
const wanted = positionals[0]?.split(',') ?? ['signup', 'admincreateuser'];
const options = parseOptions(['--duration', values.duration ?? '6'])!;

/** Per thread group (the kernel's thread name, numbered suffixes folded): CPU ticks, user and system. */
function threadTicks(pid: number): Map<string, { user: number; system: number }> {
  const out = new Map<string, { user: number; system: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[\d:#]+$/, '').trim();
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const t = out.get(name) ?? { user: 0, system: 0 };
    t.user += Number(fields[11]);
    t.system += Number(fields[12]);
    out.set(name, t);
  }
  return out;
}

const node = await startAlcove({ name: 'ab-directory', verifySignatures: true, ...(values.root ? { root: path.resolve(values.root) } : {}) });
const pid = node.probe.pid;
const api = new CognitoHttp(node.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY));
try {
  const { poolId } = await createPool(api, 'ab-directory');
  const { UserPoolClient: client } = await api.call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'signup' });
  const calls: Record<string, () => Promise<void>> = {
    signup: async () => {
      const username = randomUsername();
      await api.call('SignUp', { ClientId: client!.ClientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: emailOf(username) }] });
    },
    admincreateuser: async () => {
      const username = randomUsername();
      await api.call('AdminCreateUser', {
        UserPoolId: poolId, Username: username, DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: emailOf(username) }, { Name: 'email_verified', Value: 'true' }],
      });
    },
  };
  // Measured once the node's start-up work (its reserve of key pairs) is done, as the bench's directory phase.
  await settled(node);
  const load = { concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency };
  for (const which of wanted) {
    const call = calls[which];
    if (!call) throw new Error(`unknown path ${which}; paths: ${Object.keys(calls).join(', ')}`);
    // The thread counts are taken around the whole run (warm-up included), so they are per call over all calls.
    const before = threadTicks(pid);
    let n = 0;
    const r = await runLoad(async () => { n++; await call(); }, [node], load);
    // The sender's pass for the last messages, and the checkpointer, finish within a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = threadTicks(pid);
    const f = figures(r);
    console.log(`${which.padEnd(16)} ${fmt(f.opsPerServerCpuSec).padStart(6)} ops/CPU-s  ${fmt(f.opsPerSecWall).padStart(6)} ops/s wall  p50 ${ms(f.p50)}  p99 ${ms(f.p99)} ms  errors ${f.errors}`);
    const tick = 1e6 / 100;
    const parts = [...after].map(([name, t]) => {
      const b = before.get(name) ?? { user: 0, system: 0 };
      return { name, user: ((t.user - b.user) * tick) / n, system: ((t.system - b.system) * tick) / n };
    }).filter((p) => p.user + p.system > 0).sort((a, b) => b.user + b.system - (a.user + a.system));
    const total = parts.reduce((s, p) => s + p.user + p.system, 0);
    console.log(`  server CPU by thread, µs a call over ${n} calls (user+system): total ${fmt(total)}; `
      + parts.map((p) => `${p.name} ${fmt(p.user + p.system)} (${fmt(p.user)}+${fmt(p.system)})`).join(', '));
  }
} finally {
  api.close();
  await node.stop();
}
