/**
 * Issue 10: what a Lambda trigger costs a sign-in. USER_PASSWORD_AUTH in a pool without
 * triggers and in one whose pre token generation V2_0 trigger is a module (run in Alcove's
 * worker threads, adding a claim to each token), same node, same users' settings; the
 * difference in server CPU per sign-in (all threads, the workers' included) is the trigger's.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, createPool, createUser, EMAIL_ALIAS_POOL, passwordSignIn, randomUsername } from '../harness/cognito.ts';
import { CognitoHttp } from '../harness/http.ts';
import { runLoad, type LoadResult } from '../harness/load.ts';
import type { BenchOptions } from '../harness/options.ts';
import { errorNotes, figures, fmt, heading, note, table, THROUGHPUT_COLUMNS, throughputRow } from '../harness/report.ts';
import { BENCH_ACCESS_KEY, startAlcove } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';

const TRIGGER_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:bench-pre-token';
const USERS = 32;

/** The trigger, as one would write it for Cognito. */
const HANDLER = `export const handler = async (event) => {
  event.response = { claimsAndScopeOverrideDetails: {
    idTokenGeneration: { claimsToAddOrOverride: { tenant: 'bench' } },
    accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'bench' }, scopesToAdd: ['bench/read'] },
  } };
  return event;
};
`;

export async function triggersPhase(options: BenchOptions): Promise<void> {
  heading('Lambda triggers: USER_PASSWORD_AUTH with a pre token generation V2_0 module trigger (SQLite, one node)');
  const node = await startAlcove({
    name: 'triggers', verifySignatures: true,
    configFile: (dir) => {
      writeFileSync(path.join(dir, 'pre-token.mjs'), HANDLER);
      const file = path.join(dir, 'alcove.yaml');
      writeFileSync(file, `functions:\n  ${TRIGGER_ARN}: { module: ./pre-token.mjs }\n`);
      return file;
    },
  });
  const api = new CognitoHttp(node.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY));
  const results = new Map<string, LoadResult | Error>();
  try {
    const load = { concurrency: options.concurrency, maxOps: 1_000_000, maxMs: options.durationSec * 1000, warmupOps: 4 * options.concurrency };
    for (const [label, lambda] of [['without triggers', undefined], ['with a V2_0 module trigger', TRIGGER_ARN]] as const) {
      const settings = lambda ? { ...EMAIL_ALIAS_POOL, LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: lambda } } } : EMAIL_ALIAS_POOL;
      const { poolId } = await createPool(api, `bench-triggers-${Date.now()}`, settings);
      const clientId = await createClient(api, poolId);
      const usernames = Array.from({ length: USERS }, () => randomUsername());
      for (const u of usernames) await createUser(api, poolId, u);
      try {
        results.set(label, await runLoad(async (i) => { await passwordSignIn(api, clientId, usernames[i % USERS]!); }, [node], load));
      } catch (e) {
        results.set(label, e instanceof Error ? e : new Error(String(e)));
      }
    }
  } finally {
    api.close();
    await node.stop();
  }
  const rows: (string | number)[][] = [];
  for (const [label, r] of results) {
    if (r instanceof Error) rows.push([label, 'failed', ...THROUGHPUT_COLUMNS.slice(2).map(() => '-')]);
    else rows.push(throughputRow(label, figures(r)));
  }
  table(THROUGHPUT_COLUMNS, rows);
  for (const [label, r] of results) {
    if (r instanceof Error) note(`${label}: failed: ${r.message.split('\n')[0]}`);
    else errorNotes(label, r);
  }
  const [plain, triggered] = [...results.values()];
  if (plain && triggered && !(plain instanceof Error) && !(triggered instanceof Error)) {
    const cost = 1000 / figures(triggered).opsPerServerCpuSec - 1000 / figures(plain).opsPerServerCpuSec;
    note(`the trigger's cost: ${fmt(cost, 2)} ms of server CPU per sign-in (the worker threads' included): building the event,`);
    note('handing it to a worker and back as JSON, running the handler, reading its answer and applying it to both tokens.');
  }
}
