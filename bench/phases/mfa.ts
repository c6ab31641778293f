/**
 * Issue 9: a TOTP-challenged sign-in (InitiateAuth USER_PASSWORD_AUTH → RespondToAuthChallenge
 * SOFTWARE_TOKEN_MFA, both steps) per second of server CPU, beside the plain password sign-in
 * on the same node (a pool without MFA).
 *
 * A code is accepted once per 30-second step per user (the step is spent atomically), so the
 * phase sets up enough users through the API (sign-in, AssociateSoftwareToken,
 * VerifySoftwareToken, SetUserMFAPreference) and takes them in turn, least recently used first;
 * a user whose step is spent is not taken again before the next step. If every user's step is
 * spent, the operation waits for the next step (counted and printed: it would lower the figure).
 */
import { createHmac } from 'node:crypto';
import { createClient, createPool, createUser, EMAIL_ALIAS_POOL, PASSWORD, passwordSignIn, randomUsername } from '../harness/cognito.ts';
import { CognitoHttp } from '../harness/http.ts';
import type { BenchOptions } from '../harness/options.ts';
import { fmt, heading, note } from '../harness/report.ts';
import { BENCH_ACCESS_KEY } from '../harness/servers.ts';
import { SigV4Signer } from '../harness/sigv4-signer.ts';
import { databaseLabel, databaseMeter, measure, perCpu, printResults, startNode, type PathRun, type Results } from './new-paths.ts';
import { inParallel, WebClient } from './web-client.ts';

export const MFA_PATHS = ['USER_PASSWORD_AUTH (no MFA)', 'USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA'] as const;
const STEP_MS = 30_000;
const IDP = 'AWSCognitoIdentityProviderService';

/** RFC 4648 base32 (AssociateSoftwareToken's SecretCode). */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238: six digits, HMAC-SHA1, 30-second steps (what an authenticator app shows). */
export function totp(seed: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', seed).update(counter).digest();
  const offset = h[h.length - 1]! & 0x0f;
  return String((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / STEP_MS);

interface TotpUser {
  username: string;
  seed: Buffer;
  /** The latest step whose code was spent (the verification's, then each sign-in's). */
  spent: number;
}

/** Users for the run: enough that none is needed twice in one step at the expected rate (set by `--duration`). */
export const mfaUserCount = (options: BenchOptions): number => Math.min(6_000, Math.max(400, Math.ceil(options.durationSec * 160)));

export async function runMfaSuite(run: PathRun): Promise<{ results: Results; users: number; waits: number; setupMs: number }> {
  const { node, options } = run;
  const api = new CognitoHttp(node.url, options.concurrency, new SigV4Signer(BENCH_ACCESS_KEY));
  const web = new WebClient(node.url, options.concurrency);
  try {
    const t0 = performance.now();
    // The plain pool: the same users' settings without MFA.
    const plain = await createPool(api, `bench-mfa-off-${Date.now()}`, EMAIL_ALIAS_POOL);
    const plainClient = await createClient(api, plain.poolId);
    const plainUsers = Array.from({ length: 32 }, () => randomUsername());
    await inParallel(plainUsers, options.concurrency, (u) => createUser(api, plain.poolId, u));

    const { poolId } = await createPool(api, `bench-mfa-${Date.now()}`, EMAIL_ALIAS_POOL);
    await api.call('SetUserPoolMfaConfig', { UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const clientId = await createClient(api, poolId);
    const count = run.only && !run.only.includes(MFA_PATHS[1]) ? 0 : mfaUserCount(options);
    const users = await inParallel(Array.from({ length: count }, () => randomUsername()), options.concurrency, async (username): Promise<TotpUser> => {
      await createUser(api, poolId, username);
      const { AccessToken } = await passwordSignIn(api, clientId, username);
      const { SecretCode } = await web.json<{ SecretCode: string }>(`${IDP}.AssociateSoftwareToken`, { AccessToken });
      const seed = base32(SecretCode);
      const step = stepNow();
      await web.json(`${IDP}.VerifySoftwareToken`, { AccessToken, UserCode: totp(seed, step), FriendlyDeviceName: 'bench' });
      await web.json(`${IDP}.SetUserMFAPreference`, { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
      return { username, seed, spent: step };
    });
    const setupMs = performance.now() - t0;
    // Least recently spent first: the queue stays ordered by `spent` as users go to its end.
    const queue = [...users].sort((a, b) => a.spent - b.spent);
    let waits = 0;
    const take = async (): Promise<{ user: TotpUser; step: number }> => {
      for (;;) {
        const step = stepNow();
        const head = queue[0];
        if (head && head.spent < step) {
          queue.shift();
          head.spent = step;
          queue.push(head);
          return { user: head, step };
        }
        waits++;
        await new Promise((r) => setTimeout(r, (step + 1) * STEP_MS - Date.now() + 20)); // counted: it lowers the figure
      }
    };
    const results = await measure(run, [
      [MFA_PATHS[0], async (i) => { await passwordSignIn(api, plainClient, plainUsers[i % plainUsers.length]!); }],
    ]);
    // The users verified in the current step sign in from the next one: wait for it (after the plain run).
    const lastSpent = Math.max(...users.map((u) => u.spent));
    if (users.length > 0 && lastSpent >= stepNow()) await new Promise((r) => setTimeout(r, (lastSpent + 1) * STEP_MS - Date.now() + 20));
    const challenged = await measure(run, [
      [MFA_PATHS[1], async () => {
        const { user, step } = await take();
        const code = totp(user.seed, step);
        const t = performance.now();
        const first = await web.json(`${IDP}.InitiateAuth`, {
          ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user.username, PASSWORD },
        });
        if (first.ChallengeName !== 'SOFTWARE_TOKEN_MFA') throw new Error(`USER_PASSWORD_AUTH gave ${JSON.stringify(first).slice(0, 200)}`);
        const second = await web.json(`${IDP}.RespondToAuthChallenge`, {
          ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: first.Session,
          ChallengeResponses: { USERNAME: first.ChallengeParameters?.USER_ID_FOR_SRP ?? user.username, SOFTWARE_TOKEN_MFA_CODE: code },
        });
        if (!second.AuthenticationResult?.AccessToken) throw new Error(`SOFTWARE_TOKEN_MFA gave ${JSON.stringify(second).slice(0, 200)}`);
        return performance.now() - t;
      }],
    ]);
    for (const [label, r] of challenged) results.set(label, r);
    return { results, users: users.length, waits, setupMs };
  } finally {
    api.close();
    web.close();
  }
}

export async function mfaPhase(options: BenchOptions): Promise<void> {
  heading(`MFA: TOTP-challenged sign-in beside the password sign-in (${databaseLabel()}, one node)`);
  const node = await startNode('mfa');
  const db = await databaseMeter().catch(async (e) => { await node.stop(); throw e; });
  let out: Awaited<ReturnType<typeof runMfaSuite>>;
  try {
    out = await runMfaSuite({ node, options, ...(db ? { db: db.meter } : {}) });
  } finally {
    await node.stop();
    await db?.close();
  }
  printResults(out.results);
  const plain = perCpu(out.results.get(MFA_PATHS[0]));
  const mfa = perCpu(out.results.get(MFA_PATHS[1]));
  if (plain && mfa) {
    note(`the second factor's cost: ${fmt(1000 / mfa - 1000 / plain, 2)} ms of server CPU per sign-in (the challenge's Session, the`);
    note('RespondToAuthChallenge request, the seed unsealed, the code checked and its step spent in one statement).');
  }
  note(`${fmt(out.users)} users with TOTP set up through the API in ${fmt(out.setupMs / 1000)} s (AdminCreateUser, AdminSetUserPassword,`);
  note('USER_PASSWORD_AUTH, AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference), each signing in at most once');
  note(`per 30-s step; the latency is both requests'. ${out.waits ? `${fmt(out.waits)} operations (warm-up included) waited for a new step (too few users).` : 'No operation waited for a new step.'}`);
}
