/**
 * One-time codes (sign-up confirmation, password reset, attribute verification): 6 random
 * digits, single use, stored only as a keyed hash, with an expiry and a bounded number of
 * wrong guesses. In development a fixed code can be configured for deterministic tests.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';

export const CODE_TTL = {
  signup: 24 * 3600_000,
  verify: 24 * 3600_000,
  forgot: 3600_000,
} as const;

/** Wrong guesses allowed on one code before it is void and a new one must be requested. */
export const MAX_CODE_ATTEMPTS = 5;

const codeMessage = (userId: string, purpose: string, code: string) => `${userId}\0${purpose}\0${code}`;

/** A fresh code's plain value (the fixed one in development when configured). Pure: nothing is stored. */
export function newCode(services: Services): string {
  return services.settings.dev && services.settings.devFixedCode
    ? services.settings.devFixedCode
    : String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Stores `code` for (user, purpose), replacing any earlier one. */
export async function storeCode(
  repos: Repos, services: Services, user: { id: string; poolId: string }, purpose: string, code: string, ttlMs: number,
): Promise<void> {
  const now = services.clock.now();
  await repos.codes.put({
    userId: user.id, purpose, poolId: user.poolId, codeHash: services.vault.mac(codeMessage(user.id, purpose, code), 'code'),
    expiresAt: now + ttlMs, attempts: 0, createdAt: now,
  });
}

/** Issues a fresh code for (user, purpose), replacing any earlier one; returns the plain code to send. */
export async function issueCode(repos: Repos, services: Services, user: { id: string; poolId: string }, purpose: string, ttlMs: number): Promise<string> {
  const code = newCode(services);
  await storeCode(repos, services, user, purpose, code, ttlMs);
  return code;
}

/** A code that `checkCode` accepted, to spend with `spendCode` in the transaction it confirms. */
interface CheckedCode {
  userId: string;
  purpose: string;
  codeHash: string;
}

const expiredCode = () => errors.expiredCode('Invalid code provided, please request a code again.');

/**
 * Checks a code. Wrong → CodeMismatchException (the attempt counted); expired, used or never
 * issued → ExpiredCodeException; too many wrong guesses → LimitExceededException. The attempt is
 * reserved in one statement before the comparison, so however many arrive at once, no more than
 * MAX_CODE_ATTEMPTS are compared. A right code is spent by `spendCode`, in the transaction of
 * the change it confirms.
 */
export async function checkCode(repos: Repos, services: Services, userId: string, purpose: string, code: string): Promise<CheckedCode> {
  const row = await repos.codes.get(userId, purpose);
  const now = services.clock.now();
  if (!row || row.expiresAt <= now) throw expiredCode();
  const attemptLimit = () => errors.limitExceeded('Attempt limit exceeded, please try after some time.');
  if (row.attempts >= MAX_CODE_ATTEMPTS) throw attemptLimit();
  if (await repos.codes.reserveAttempt(userId, purpose, row.codeHash, MAX_CODE_ATTEMPTS, now) === undefined) {
    // Spent, replaced or expired meanwhile, or the last attempts went to concurrent guesses.
    const current = await repos.codes.get(userId, purpose);
    if (current && current.codeHash === row.codeHash && current.expiresAt > now) throw attemptLimit();
    throw expiredCode();
  }
  const expected = Buffer.from(row.codeHash);
  const actual = Buffer.from(services.vault.remac(codeMessage(userId, purpose, code), 'code', row.codeHash) ?? '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw errors.codeMismatch('Invalid verification code provided, please try again.');
  }
  return { userId, purpose, codeHash: row.codeHash };
}

/**
 * Spends a checked code, in one conditional statement: of concurrent submissions of the same
 * code only one spends it; the others are told it is no longer valid (and their transaction,
 * with the change the code would have confirmed, rolls back).
 */
export async function spendCode(repos: Repos, code: CheckedCode): Promise<void> {
  if (!(await repos.codes.consume(code.userId, code.purpose, code.codeHash))) throw expiredCode();
}
