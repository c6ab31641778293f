/**
 * The sign-in flows of issue 3 against one target (one or several servers behind a round-robin
 * balancer): complete USER_SRP_AUTH sign-ins, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, GetUser and
 * AdminGetUser (SigV4-signed), each run as a throughput phase. Shared by the SQLite, PostgreSQL
 * and peer (cognito-local, moto) runs.
 */
import { createClient, createPool, createUser, EMAIL_ALIAS_POOL, emailOf, getUser, passwordSignIn, randomUsername, refresh, srpSignIn, type Tokens } from '../harness/cognito.ts';
import type { RoundRobin } from '../harness/http.ts';
import { runLoad, type LoadResult } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import type { CpuMeter } from '../harness/proc.ts';
import type { ServerProcess } from '../harness/servers.ts';
import { SrpClient } from '../harness/srp-client.ts';
import { GOALS } from '../harness/goals.ts';

export const FLOWS = ['USER_SRP_AUTH sign-in', 'USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'GetUser', 'AdminGetUser (SigV4)'] as const;
export type Flow = (typeof FLOWS)[number];

/** Issue 13's goals, per second of server CPU. */
export const TARGET_PER_CORE: Record<Flow, number> = Object.fromEntries(
  FLOWS.map((f) => [f, GOALS.find((g) => g.path === f)!.goal]),
) as Record<Flow, number>;

export interface SignInTarget {
  servers: ServerProcess[];
  api: RoundRobin;
  /** Flows the target implements (cognito-local has no SRP). */
  flows: readonly Flow[];
  db?: CpuMeter;
  /**
   * Sign in with emails as usernames, in a pool of default settings: cognito-local's pools
   * always take emails as usernames (its built-in default UsernameAttributes).
   */
  emailUsernames?: boolean;
  /** Wraps each flow's run (warm-up included): the profile script starts and stops the profiler here. */
  around?: (flow: Flow, run: () => Promise<LoadResult>) => Promise<LoadResult>;
}

/** Users signed in round-robin: enough that no single row is hot, few enough to set up fast. */
const USERS = 32;

export async function runSignInSuite(target: SignInTarget, options: BenchOptions): Promise<Map<Flow, LoadResult | Error>> {
  const setup = target.api.members[0]!;
  const { poolId, poolName } = await createPool(setup, `bench-sign-in-${Date.now()}`, target.emailUsernames ? {} : EMAIL_ALIAS_POOL);
  const clientId = await createClient(setup, poolId);
  const usernames = Array.from({ length: USERS }, () => (target.emailUsernames ? emailOf(randomUsername()) : randomUsername()));
  for (const u of usernames) await createUser(target.api.pick(), poolId, u);
  const tokens: Tokens[] = [];
  for (const u of usernames) tokens.push(await passwordSignIn(target.api.pick(), clientId, u));

  const load = { concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency };
  const user = (i: number) => usernames[i % USERS]!;
  const ops: Record<Flow, (i: number) => Promise<number | void>> = {
    'USER_SRP_AUTH sign-in': (() => {
      const srp = new SrpClient(poolName);
      return (i: number) => srpSignIn(target.api.pick(), target.api.pick(), srp, clientId, user(i));
    })(),
    USER_PASSWORD_AUTH: async (i) => { await passwordSignIn(target.api.pick(), clientId, user(i)); },
    REFRESH_TOKEN_AUTH: (i) => refresh(target.api.pick(), clientId, tokens[i % USERS]!.RefreshToken),
    GetUser: (i) => getUser(target.api.pick(), tokens[i % USERS]!.AccessToken),
    'AdminGetUser (SigV4)': async (i) => {
      const out = await target.api.pick().call('AdminGetUser', { UserPoolId: poolId, Username: user(i) });
      if (!out.Username) throw new Error(`AdminGetUser gave ${JSON.stringify(out).slice(0, 200)}`);
    },
  };

  const results = new Map<Flow, LoadResult | Error>();
  for (const flow of target.flows) {
    try {
      const run = () => runLoad(ops[flow], target.servers, load, target.db);
      results.set(flow, await (target.around ? target.around(flow, run) : run()));
    } catch (e) {
      results.set(flow, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return results;
}
