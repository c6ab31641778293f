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
import type { Repos } from '../../storage/store.ts';

const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
/** Failures are forgotten after this long without an attempt (the sweeper deletes them then). */
export const QUIET_MS = 15 * 60_000;

/** How long `failures` failures lock the subject, from the last one. */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_LOCK_MS);
}

const LOCK = { free: FREE_FAILURES, baseMs: 1000, maxMs: MAX_LOCK_MS };

/**
 * Reserves this attempt before the password is looked at: in one statement, refuses it while
 * the subject is locked out (noting it as activity) or counts it as a failure in advance. So a
 * burst of attempts, on any number of nodes, gets no more password checks than the lock allows.
 * A right password then clears the record (`clearFailures`); a wrong one has nothing left to do.
 */
export async function reserveAttempt(repos: Repos, subject: string, now: number): Promise<void> {
  if (await repos.signInFailures.reserve(subject, now, now - QUIET_MS, LOCK)) return;
  await repos.signInFailures.touch(subject, now);
  throw errors.notAuthorized('Password attempts exceeded');
}

/** The password was right: its reservation and the failures before it are forgotten. */
export async function clearFailures(repos: Repos, subject: string): Promise<void> {
  await repos.signInFailures.clear(subject);
}
