/**
 * Users a client hides (PreventUserExistenceErrors ENABLED) on the public code flows: an unknown
 * username, or a real user whose state the answer must not reveal (disabled, or without a
 * contact to send to). They get what a real user gets, after the same work:
 * - ForgotPassword / ResendConfirmationCode: the same counted attempt, then a decoy code written
 *   as durably as a real code and its message (one transaction), and CodeDeliveryDetails shaped
 *   like a real user's (the typed email or phone when the pool would send there, else a stable
 *   destination derived from the name);
 * - ConfirmSignUp / ConfirmForgotPassword: the same counted attempt and a counted wrong guess on
 *   the decoy, so that CodeMismatchException, ExpiredCodeException (no code requested) and
 *   LimitExceededException come in the same order as for a real user.
 * Decoys are never sent and never accepted.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { DecoyCodeRow, UserRow } from './store.ts';
import type { Repos } from '../../storage/store.ts';
import { deriveUnknownUser, type UnknownUser } from '../auth/unknown-users.ts';
import { MAX_CODE_ATTEMPTS } from '../codes/codes.ts';
import type { Services } from '../context.ts';
import { sealContext } from '../messages/outbox.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { computeVerifier, generateSalt } from '../srp/index.ts';
import { looksLikeEmail, looksLikePhone } from './directory/attributes.ts';
import { checkPasswordPolicy } from './credentials.ts';
import { deliveryDetails, renderCodeMessage, type CodeTarget } from './delivery.ts';

type DecoyPurpose = 'signup' | 'forgot';

/** Who a hidden answer is for: the subject its limits and decoys are counted under. */
interface HiddenUser {
  subject: string;
  /** The name as typed. */
  name: string;
  unknown: UnknownUser;
}

export async function hiddenUser(services: Services, pool: PoolView, name: string, user: UserRow | undefined): Promise<HiddenUser> {
  const unknown = await deriveUnknownUser(services, pool, name);
  return { subject: user?.id ?? unknown.id, name, unknown };
}

/** Where the pool would send a code for `purpose`, in its order of preference. */
function channelsFor(pool: PoolView, purpose: DecoyPurpose): ('email' | 'phone_number')[] {
  if (purpose === 'signup') {
    const auto = pool.autoVerifiedAttributes;
    return (['phone_number', 'email'] as const).filter((a) => auto.includes(a));
  }
  const mechanisms = [...(pool.config.AccountRecoverySetting?.RecoveryMechanisms ?? [])]
    .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  const out = mechanisms.flatMap((m) => m.Name === 'verified_email' ? ['email' as const]
    : m.Name === 'verified_phone_number' ? ['phone_number' as const] : []);
  // ForgotPassword answers hidden users with a simulated delivery even where recovery is admin_only.
  return out.length > 0 ? out : ['email'];
}

const DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The destination a hidden user appears to be sent to (AWS: "determined by the input username
 * format and verification settings of the user pool"): the typed email or phone number when the
 * pool would send there, else a stable address or number derived from the name with the server
 * secret, masked like a real one. Undefined when the pool sends no such code at all.
 */
export function simulatedTarget(pool: PoolView, hidden: HiddenUser, purpose: DecoyPurpose): CodeTarget | undefined {
  const channels = channelsFor(pool, purpose);
  if (channels.length === 0) return undefined;
  const { name } = hidden;
  if (channels.includes('email') && looksLikeEmail(name)) return { attribute: 'email', channel: 'EMAIL', destination: name };
  if (channels.includes('phone_number') && looksLikePhone(name)) return { attribute: 'phone_number', channel: 'SMS', destination: name };
  const seed = hidden.unknown.seed;
  if (channels[0] === 'phone_number') {
    const digits = [...seed.subarray(0, 10)].map((b) => String(b % 10)).join('');
    return { attribute: 'phone_number', channel: 'SMS', destination: `+1${digits}` };
  }
  const local = LETTERS[seed[10]! % LETTERS.length]! + seed.subarray(11, 15).toString('hex');
  return { attribute: 'email', channel: 'EMAIL', destination: `${local}@${DOMAINS[seed[15]! % DOMAINS.length]!}` };
}

/** A decoy row: a random code's MAC (no code the user can type matches it) and a sealed message, as a real send computes them. */
function decoyRow(services: Services, pool: PoolView, subject: string, target: CodeTarget, purpose: DecoyPurpose, ttlMs: number): Omit<DecoyCodeRow, 'subject' | 'purpose'> {
  const now = services.clock.now();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const codeHash = services.vault.mac(`${subject}\0${purpose}\0${randomBytes(16).toString('hex')}`, 'code');
  const message = renderCodeMessage(pool, target, code, subject);
  const body = services.vault.seal(message.body, sealContext({ poolId: pool.id, destination: target.destination }));
  return { poolId: pool.id, codeHash, body, expiresAt: now + ttlMs, createdAt: now };
}

/**
 * "Sends" a code to a hidden user. One transaction with the statements of a real send, row for
 * row: the decoy code, its message (the sealed body), and for a resend the user's state
 * (`stateRow`); only the code row is ever read back.
 */
export async function sendDecoyCode(
  services: Services, pool: PoolView, hidden: HiddenUser, target: CodeTarget, purpose: DecoyPurpose, ttlMs: number,
  options: { stateRow?: boolean } = {},
): Promise<CodeDeliveryDetailsType> {
  const { body, ...row } = decoyRow(services, pool, hidden.subject, target, purpose, ttlMs);
  const { subject } = hidden;
  await services.store.transaction(async (tx) => {
    if (options.stateRow) await tx.decoyCodes.put({ subject, purpose: `${purpose}:state`, ...row, body: '' });
    await tx.decoyCodes.put({ subject, purpose, ...row, body: '' });
    await tx.decoyCodes.put({ subject, purpose: `${purpose}:message`, ...row, body });
  });
  // A real send wakes the sender too.
  services.notifyOutbox();
  return deliveryDetails(target);
}

/**
 * A code submitted for a hidden user: always wrong. Counts the guess on the decoy (one atomic
 * statement) and answers as consumeCode would for a real user: ExpiredCode when no code was
 * requested (a sign-up always has one: it is issued on the first guess), LimitExceeded after
 * MAX_CODE_ATTEMPTS wrong guesses, else CodeMismatch.
 */
export async function guessDecoyCode(
  repos: Repos, services: Services, pool: PoolView, hidden: HiddenUser, purpose: DecoyPurpose, ttlMs: number,
): Promise<never> {
  const target = simulatedTarget(pool, hidden, purpose) ?? { attribute: 'email', channel: 'EMAIL', destination: hidden.name };
  const issue = purpose === 'signup' ? decoyRow(services, pool, hidden.subject, target, purpose, ttlMs) : undefined;
  const guesses = await repos.decoyCodes.guess(hidden.subject, purpose, services.clock.now(), issue);
  if (guesses === undefined) throw errors.expiredCode('Invalid code provided, please request a code again.');
  if (guesses > MAX_CODE_ATTEMPTS) throw errors.limitExceeded('Attempt limit exceeded, please try after some time.');
  throw errors.codeMismatch('Invalid verification code provided, please try again.');
}

/**
 * ConfirmForgotPassword for a hidden user: the password policy is checked (a weak password is
 * refused before the code, as for a real user) and a verifier computed and sealed, the work a
 * real user's new password costs.
 */
export function simulatePasswordChange(services: Services, pool: PoolView, hidden: HiddenUser, password: string): void {
  checkPasswordPolicy(pool, password);
  const salt = generateSalt();
  const verifier = computeVerifier(pool.srpPoolName, hidden.unknown.userIdForSrp, password, salt);
  services.vault.seal(JSON.stringify({ salt: salt.toString('hex'), verifier: verifier.toString('hex') }), `user:${hidden.subject}:credentials`);
}
