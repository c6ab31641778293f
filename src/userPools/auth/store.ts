/**
 * The storage port of sign-in: lockout records, single-use nonces and server secrets, implemented
 * in storage/sql/auth.ts. Types only, no SQL: see docs/architecture.md, Storage.
 */

/** Failed sign-ins of one subject (a user's sub, or the fake id of a hidden unknown username). */
export interface SignInFailureRow {
  subject: string;
  /** Failed attempts since the record last started afresh (refused locked-out attempts not counted). */
  failures: number;
  lastFailureAt: number;
  /** Last attempt of any kind, locked-out ones included: the quiet period runs from here. */
  lastAttemptAt: number;
}

export interface SignInFailureRepo {
  get(subject: string): Promise<SignInFailureRow | undefined>;
  /**
   * Reserves an attempt before its password is checked, in one statement: true when the subject
   * is not locked out at `now` and has room for it, i.e. its live reservations (those of the last
   * `pendingMs`) number fewer than `lock.free` minus its failures (at least one once the lock has
   * passed); the reservation is then counted. False otherwise, with nothing counted. A record whose
   * last attempt is at or before `quietBefore` starts afresh. The lock of n failures lasts 0 below
   * `free`, then `baseMs` * 2^(n - free), at most `maxMs`, from the last failure.
   */
  reserve(subject: string, now: number, quietBefore: number, lock: { free: number; baseMs: number; maxMs: number }, pendingMs: number): Promise<boolean>;
  /** The reserved attempt failed: one failure more, one reservation less (atomically). */
  recordFailure(subject: string, now: number): Promise<void>;
  /** Records an attempt refused during a lockout: it counts as activity, not as a failure. */
  touch(subject: string, now: number): Promise<void>;
  clear(subject: string): Promise<void>;
  /** Drops records quiet since `quietBefore` (they would start afresh anyway). */
  purgeQuiet(quietBefore: number): Promise<void>;
}

export interface UsedNonceRepo {
  /** Marks a single-use value as used until `expiresAt`; false when it had been used already. */
  consume(nonce: string, expiresAt: number): Promise<boolean>;
  purgeExpired(now: number): Promise<void>;
}

export interface ServerSecretRepo {
  /** The sealed secret stored under `name`; stores `candidate` first when there is none (first writer wins). */
  getOrCreate(name: string, candidate: string, now: number): Promise<string>;
}
