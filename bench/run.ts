/**
 * `npm run bench`: Alcove's figures, printed (never asserted). See bench/README.md.
 *   directory  issue 2: SignUp and AdminCreateUser per second
 *   sign-in    issues 3, 13: SRP, password, refresh, GetUser, AdminGetUser per server CPU-s; peers beside
 *   postgres   issue 4: the sign-in flows on PostgreSQL, one node and two
 *   scale      issues 2 and 4: latencies, ListUsers filters, database size and memory from 10,000 users up
 *   startup    issue 13: start to first answer and idle memory, beside the peers
 *   mfa        issue 9: TOTP-challenged sign-in beside the password sign-in
 *   oauth      issue 11: client_credentials grants, the authorize-to-token round trip
 *   identity   issue 12: GetId + GetCredentialsForIdentity, the verifier's checks
 * The peers (cognito-local, moto) run the same workload in the same invocation; the run ends with
 * issue 13's goal table.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseOptions, USAGE, type BenchOptions, type Phase } from './harness/options.ts';
import { heading, note } from './harness/report.ts';
import { directoryPhase } from './phases/directory.ts';
import { postgresPhase } from './phases/postgres.ts';
import { scalePhase } from './phases/scale.ts';
import { signInPhase } from './phases/sign-in.ts';
import { startupPhase } from './phases/startup.ts';
import { triggersPhase } from './phases/triggers.ts';
import { mfaPhase } from './phases/mfa.ts';
import { oauthPhase } from './phases/oauth.ts';
import { identityPhase } from './phases/identity.ts';
import { printGoalTable } from './harness/goals.ts';

const RUNNERS: Record<Phase, (o: BenchOptions) => Promise<void>> = {
  startup: startupPhase,
  directory: directoryPhase,
  'sign-in': signInPhase,
  triggers: triggersPhase,
  mfa: mfaPhase,
  oauth: oauthPhase,
  identity: identityPhase,
  postgres: postgresPhase,
  scale: scalePhase,
};

const loadAverage = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

async function main(): Promise<number> {
  let options: BenchOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return 0;
  }
  const cpu = cpus();
  heading('Alcove benchmark');
  note(`node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${loadAverage()} at start`);
  note(`load: ${options.concurrency} requests in flight over keep-alive HTTP/1.1 on 127.0.0.1, ${options.durationSec} s per phase,`);
  note('after a warm-up; the load generator shares the machine with the servers.');
  note('Alcove nodes verify SigV4 on admin calls in the startup, directory, sign-in and postgres phases; the scale');
  note(`phase's nodes run with --dev (admin calls unsigned). Peers: ${options.peers.join(', ') || 'none'}.`);
  note(`phases: ${[...options.phases].join(', ')}; scale sizes: ${options.scaleSizes.map((n) => n.toLocaleString('en-US')).join(', ')}`);

  const started = performance.now();
  let failed = 0;
  for (const phase of options.phases) {
    try {
      await RUNNERS[phase](options);
    } catch (e) {
      failed++;
      note(`phase ${phase} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  printGoalTable();
  heading(`done in ${((performance.now() - started) / 1000).toFixed(0)} s${failed ? `, ${failed} phase(s) failed` : ''}`);
  note(`${loadAverage()} at the end, the bench's own load included; other work on the machine slows the wall-clock`);
  note('figures, the per-CPU-second ones much less.');
  return 0;
}

process.exitCode = await main();
