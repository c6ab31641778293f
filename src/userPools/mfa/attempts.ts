/**
 * Bounded guesses at a user's second factor (MFA answers and VerifySoftwareToken), across
 * nodes: every answer counts one attempt with one atomic upsert before it is compared, and past
 * five in fifteen minutes the answers are refused without a comparison, as Cognito refuses a
 * locked-out sign-in. A right answer clears the count in its step's transaction.
 */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';

export const MAX_MFA_ATTEMPTS = 5;
const WINDOW_MS = 15 * 60_000;
const key = (userId: string) => `mfa-attempts:${userId}`;

export async function reserveMfaAttempt(repos: Repos, userId: string, now: number): Promise<void> {
  if ((await repos.counters.hit(key(userId), WINDOW_MS, now)) > MAX_MFA_ATTEMPTS) {
    throw errors.notAuthorized('Password attempts exceeded');
  }
}

export async function clearMfaAttempts(tx: Repos, userId: string): Promise<void> {
  await tx.counters.reset(key(userId));
}
