/**
 * Issues 2 and 13: SignUp and AdminCreateUser per second on the embedded default (SQLite, one
 * node, every acknowledged write durable), and the same calls against the peers in the same run.
 */
import { createPool, emailOf, PASSWORD, randomUsername } from '../harness/cognito.ts';
import { recordAlcove, recordPeer, type GoalPath, type Peer } from '../harness/goals.ts';
import { CognitoHttp } from '../harness/http.ts';
import { runLoad, type LoadResult } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { errorNotes, figures, fmt, heading, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { BENCH_ACCESS_KEY, startAlcove, startCognitoLocal, startMoto, type ServerProcess } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';

const PATHS = ['SignUp (durable)', 'AdminCreateUser (durable)'] as const satisfies readonly GoalPath[];

/**
 * Waits until the server is idle (under 10 % of a core over 250 ms, 20 s at most): a node just
 * started fills its reserve of RSA key pairs (userPools/tokens/signing-keys.ts: eight 2048-bit
 * pairs, ~1 s of CPU on libuv's threads) and refills it after CreateUserPool; without the wait
 * that start-up work was counted as SignUp's (~300 µs a call in a 6 s run).
 */
export async function settled(server: ServerProcess): Promise<void> {
  const until = performance.now() + 20_000;
  let last = server.probe.cpuMs();
  while (performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = server.probe.cpuMs();
    if (now - last < 25) return;
    last = now;
  }
}

async function directoryOn(server: ServerProcess, options: BenchOptions, emailUsernames: boolean): Promise<Map<GoalPath, LoadResult>> {
  const api = new CognitoHttp(server.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY));
  try {
    const { poolId } = await createPool(api, 'bench-directory', emailUsernames ? {} : undefined);
    const { UserPoolClient: client } = await api.call('CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'signup' });
    await settled(server);
    const load = { concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency };
    const name = () => (emailUsernames ? emailOf(randomUsername()) : randomUsername());
    const signUp = await runLoad(async () => {
      const username = name();
      await api.call('SignUp', {
        ClientId: client.ClientId, Username: username, Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: emailOf(username) }],
      });
    }, [server], load);
    const adminCreate = await runLoad(async () => {
      const username = name();
      await api.call('AdminCreateUser', {
        UserPoolId: poolId, Username: username, DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: emailOf(username) }, { Name: 'email_verified', Value: 'true' }],
      });
    }, [server], load);
    return new Map([[PATHS[0], signUp], [PATHS[1], adminCreate]]);
  } finally {
    api.close();
  }
}

const STARTERS: Record<Peer, () => Promise<ServerProcess>> = { 'cognito-local': startCognitoLocal, moto: startMoto };

export async function directoryPhase(options: BenchOptions): Promise<void> {
  heading('Directory writes: SignUp and AdminCreateUser (SQLite, one node, admin calls SigV4-verified)');
  const node = await startAlcove({ name: 'directory', verifySignatures: true });
  let alcove: Map<GoalPath, LoadResult>;
  try {
    alcove = await directoryOn(node, options, false);
  } finally {
    await node.stop();
  }
  table(THROUGHPUT_COLUMNS, [...alcove].map(([path, r]) => throughputRow(path, figures(r))));
  for (const [path, r] of alcove) {
    errorNotes(path, r);
    recordAlcove(path, r, options.concurrency);
  }
  note('Each SignUp stores an SRP verifier (one 3072-bit modexp), a confirmation code and an outbox message in one');
  note('transaction; each AdminCreateUser a generated temporary password and an invitation. SQLite: WAL, group commit.');

  const rows: (string | number)[][] = [];
  for (const peer of options.peers) {
    let server: ServerProcess | undefined;
    try {
      server = await STARTERS[peer]();
      const results = await directoryOn(server, options, peer === 'cognito-local');
      for (const [path, r] of results) {
        errorNotes(`${peer} ${path}`, r);
        recordPeer(path, peer, r);
        const a = figures(alcove.get(path)!);
        const f = figures(r);
        rows.push([`${path}: ${peer}`, fmt(f.opsPerServerCpuSec), fmt(f.opsPerSecWall),
          `${fmt(a.opsPerServerCpuSec / f.opsPerServerCpuSec, 1)}x`, `${fmt(a.opsPerSecWall / f.opsPerSecWall, 1)}x`]);
      }
    } catch (e) {
      note(`${peer} could not be measured: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await server?.stop();
    }
  }
  if (rows.length > 0) {
    console.log('\nthe peers, same calls (their writes are not durable in the same sense: moto keeps memory only,');
    console.log('cognito-local rewrites a JSON file without fsync):');
    table(['path: peer', 'ops/s per server CPU-s', 'ops/s wall', 'Alcove / peer (CPU)', 'Alcove / peer (wall)'], rows);
  }
}
