/**
 * Cognito's failed sign-in lockout: after five failures a subject is locked
 * for 2^(n-5) seconds (n = failures so far), up to ~15 minutes; attempts during a lock are
 * refused with `Password attempts exceeded` without counting; 15 quiet minutes or a successful
 * sign-in start afresh. The record lives in the database, so every node sees the same lock.
 *
 * The subject is the user's sub, or the fake id of an unknown username when the client hides
 * user existence: unknown names then lock out exactly like real ones.
 */
import { errors } from '../../errors.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Repos } from '../../storage/store.ts';
import type { SignInFailureRow } from './store.ts';

const FREE_FAILURES = 5;
const MAX_LOCK_MS = 15 * 60_000;
/** Failures are forgotten after this long without an attempt (the sweeper deletes them then). */
export const QUIET_MS = 15 * 60_000;

/** How long `failures` failures lock the subject, from the last one. */
function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_LOCK_MS);
}

const LOCK = { free: FREE_FAILURES, baseMs: 1000, maxMs: MAX_LOCK_MS };
/** How long a reservation holds its place if its attempt never settles (a node died mid-check). */
const PENDING_MS = 30_000;
/** Waits for a place while other attempts are being checked: 10, 20, ... 640 ms, 1.27 s in all. */
const FIRST_WAIT_MS = 10;
const LAST_WAIT_MS = 640;

const exceeded = () => errors.notAuthorized('Password attempts exceeded');

/** Whether the failures on record lock the subject out at `now`. */
function lockedOut(row: SignInFailureRow | undefined, now: number): boolean {
  return row !== undefined && row.lastAttemptAt > now - QUIET_MS && now < row.lastFailureAt + lockDurationMs(row.failures);
}

/**
 * Reserves this attempt before the password is looked at, in one statement: refused while the
 * subject is locked out (noted as activity), and bounded while other attempts are being checked
 * (five, fewer the failures on record; one once a lock has passed). So a burst of attempts, on
 * any number of nodes, gets no more password checks than the lock allows. An attempt that finds
 * no room but no lock waits a little for one (a user's own concurrent sign-ins take turns), then
 * is refused as locked. The attempt then settles: `recordFailure` or `clearFailures`.
 */
export async function reserveAttempt(repos: Repos, subject: string, clock: { now(): number }): Promise<void> {
  for (let wait = FIRST_WAIT_MS; ; wait *= 2) {
    const now = clock.now();
    if (await repos.signInFailures.reserve(subject, now, now - QUIET_MS, LOCK, PENDING_MS)) return;
    if (wait > LAST_WAIT_MS || lockedOut(await repos.signInFailures.get(subject), now)) {
      await repos.signInFailures.touch(subject, now);
      throw exceeded();
    }
    await sleep(wait * (0.5 + Math.random() / 2));
  }
}

/** The reserved attempt's password was wrong. */
export async function recordFailure(repos: Repos, subject: string, now: number): Promise<void> {
  await repos.signInFailures.recordFailure(subject, now);
}

/** The password was right: the failures and reservations on record are forgotten. */
export async function clearFailures(repos: Repos, subject: string): Promise<void> {
  await repos.signInFailures.clear(subject);
}
