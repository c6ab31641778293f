/**
 * Cognito's failed sign-in lockout (user-pools.md §4.9): after five failures a subject is locked
 * for 2^(n-5) seconds (n = failures so far), up to ~15 minutes; attempts during a lock are
 * refused with `Password attempts exceeded` without counting; 15 quiet minutes or a successful
 * sign-in start afresh. The record lives in the database, so every node sees the same lock.
 *
 * The subject is the user's sub, or the fake id of an unknown username when the client hides
 * user existence: unknown names then lock out exactly like real ones.
 */
import { errors } from '../../errors.ts';
import type { Repos, SignInFailureRow } from '../../storage/store.ts';

const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
/** Failures are forgotten after this long without an attempt (the sweeper deletes them then). */
export const QUIET_MS = 15 * 60_000;

/** How long `failures` failures lock the subject, from the last one. */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_LOCK_MS);
}

/** Failures that still count at `now`: a record quiet for 15 minutes counts as none. */
function live(row: SignInFailureRow | undefined, now: number): SignInFailureRow | undefined {
  return row && row.lastAttemptAt > now - QUIET_MS ? row : undefined;
}

/**
 * Refuses the attempt while the subject is locked out (and notes it as activity). Returns
 * whether earlier failures are on record, so that a success knows to clear them.
 */
export async function checkLockout(repos: Repos, subject: string, now: number): Promise<{ hasFailures: boolean }> {
  const row = live(await repos.signInFailures.get(subject), now);
  if (!row) return { hasFailures: false };
  if (now < row.lastFailureAt + lockDurationMs(row.failures)) {
    await repos.signInFailures.touch(subject, now);
    throw errors.notAuthorized('Password attempts exceeded');
  }
  return { hasFailures: true };
}

export async function recordFailure(repos: Repos, subject: string, now: number): Promise<void> {
  await repos.signInFailures.recordFailure(subject, now, now - QUIET_MS);
}

export async function clearFailures(repos: Repos, subject: string, lockout: { hasFailures: boolean }): Promise<void> {
  if (lockout.hasFailures) await repos.signInFailures.clear(subject);
}
