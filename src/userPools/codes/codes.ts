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

/** Issues a fresh code for (user, purpose), replacing any earlier one; returns the plain code to send. */
export async function issueCode(repos: Repos, services: Services, user: { id: string; poolId: string }, purpose: string, ttlMs: number): Promise<string> {
  const code = services.settings.dev && services.settings.devFixedCode
    ? services.settings.devFixedCode
    : String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = services.clock.now();
  await repos.codes.put({
    userId: user.id, purpose, poolId: user.poolId, codeHash: services.vault.mac(codeMessage(user.id, purpose, code), 'code'),
    expiresAt: now + ttlMs, attempts: 0, createdAt: now,
  });
  return code;
}

/**
 * Checks and consumes a code. Wrong → CodeMismatchException (and counts the attempt);
 * expired, used or never issued → ExpiredCodeException; too many wrong guesses → LimitExceeded.
 */
export async function consumeCode(repos: Repos, services: Services, userId: string, purpose: string, code: string): Promise<void> {
  const row = await repos.codes.get(userId, purpose);
  const now = services.clock.now();
  if (!row || row.expiresAt <= now) throw errors.expiredCode('Invalid code provided, please request a code again.');
  if (row.attempts >= MAX_CODE_ATTEMPTS) throw errors.limitExceeded('Attempt limit exceeded, please try after some time.');
  const expected = Buffer.from(row.codeHash);
  const actual = Buffer.from(services.vault.remac(codeMessage(userId, purpose, code), 'code', row.codeHash) ?? '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    await repos.codes.addAttempt(userId, purpose);
    throw errors.codeMismatch('Invalid verification code provided, please try again.');
  }
  await repos.codes.delete(userId, purpose);
}
