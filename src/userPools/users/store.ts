/**
 * The storage port of users: rows (their state typed), their indexes, decoy codes of hidden users
 * and windowed counters, implemented in storage/sql/users.ts, decoy-codes.ts and counters.ts.
 * Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';
import type { UserState } from './state.ts';

export interface UserRow {
  /** The user's `sub` (UUID); the primary key everywhere. */
  id: string;
  poolId: string;
  username: string;
  /** Username as matched: lower-cased when the pool is case-insensitive. */
  usernameKey: string;
  status: string;
  enabled: boolean;
  /** All attributes, string-valued, including `sub` and `*_verified`. */
  attributes: Record<string, string>;
  /** Encrypted credential record (SRP salt and verifier, history), when a password is set. */
  credentialsEnc: string | null;
  /** Other per-user state (MFA settings, temporary-password issue time, ...). */
  state: UserState;
  createdAt: number;
  updatedAt: number;
}

/**
 * A user without its sealed credentials (~1.1 kB of a row): what a token-authorised call and
 * AdminGetUser read. An operation that needs the credentials reads the whole row.
 */
export type UserProfile = Omit<UserRow, 'credentialsEnc'>;

/** A user as ListUsers shows it: the row without its credentials and state (not read). */
export type UserListing = Pick<UserRow, 'id' | 'username' | 'status' | 'enabled' | 'attributes' | 'createdAt' | 'updatedAt'>;

/** What indexes a user: searchable attributes (ListUsers) and sign-in aliases (unique). */
export interface UserIndexes {
  search: { attr: string; value: string }[];
  aliases: { kind: string; value: string }[];
}

export interface UserSearch {
  attr: string;
  op: 'equals' | 'prefix';
  /** Already normalised like the index values. */
  value: string;
}

/** The columns of a user that operations change; a write names only those it changes. */
export type UserFields = Partial<Pick<UserRow, 'username' | 'usernameKey' | 'status' | 'enabled' | 'attributes' | 'credentialsEnc' | 'state' | 'updatedAt'>>;

/** A sign-in name as findByName looks it up: the username key, each alias, the sub. */
export interface UserName { usernameKey: string; aliases: { kind: string; value: string }[]; sub?: string | undefined }

export interface UserRepo {
  /** Throws `UniqueViolation` when the username or an alias is taken. */
  insert(user: UserRow, indexes: UserIndexes): Promise<void>;
  get(id: string, lock?: RowLock): Promise<UserRow | undefined>;
  /** Takes the row lock without reading the row (nothing to do on SQLite, see RowLock). */
  lock(id: string, lock: RowLock): Promise<void>;
  getByUsername(poolId: string, usernameKey: string): Promise<UserRow | undefined>;
  getByAlias(poolId: string, kind: string, value: string): Promise<UserRow | undefined>;
  /**
   * Every user a sign-in name could mean, in one indexed query whatever matches: by username
   * key, by any of the aliases, by sub. The same work for a known and an unknown name, so
   * timing does not tell them apart. Each row says how it matched.
   */
  findByName(poolId: string, name: UserName): Promise<{ via: string; user: UserRow }[]>;
  /** As findByName, without the credentials (AdminGetUser's read). */
  findProfileByName(poolId: string, name: UserName): Promise<{ via: string; user: UserProfile }[]>;
  /**
   * Writes `fields` (only those) of the user and, when given, replaces its indexes. Call it on a
   * row read with a lock in the same transaction. Throws `UniqueViolation` on alias clash.
   */
  update(id: string, fields: UserFields, indexes?: UserIndexes): Promise<void>;
  /** True for the one caller that deleted the row (concurrent deletes: the others get false). */
  delete(id: string): Promise<boolean>;
  /**
   * Users ordered by username, or by the searched attribute when a search is given; only the
   * columns a listing shows are read.
   */
  list(poolId: string, search: UserSearch | undefined, page: PageRequest): Promise<Page<UserListing>>;
}

/**
 * A code a hidden user appears to have been sent (PreventUserExistenceErrors ENABLED): written
 * as durably as a real code and its message, never sent and never accepted.
 */
export interface DecoyCodeRow {
  /** A user's sub, or the stable fake id of an unknown username. */
  subject: string;
  /** `signup` or `forgot`, as for real codes; `<purpose>:message` and `<purpose>:state` rows stand for a send's other writes. */
  purpose: string;
  poolId: string;
  codeHash: string;
  /** On the message row, the rendered message sealed like an outbox body (so the write is as large); else empty. */
  body: string;
  expiresAt: number;
  createdAt: number;
}

export interface DecoyCodeRepo {
  /** Stores a fresh decoy for (subject, purpose) with no wrong guesses, replacing any earlier one. */
  put(code: DecoyCodeRow): Promise<void>;
  /**
   * Counts one wrong guess on the live decoy, atomically, and returns the guesses so far; undefined
   * when there is none (never issued or expired). With `issue`, an absent or expired decoy is
   * issued first (it counts as issued then guessed once).
   */
  guess(subject: string, purpose: string, now: number, issue?: Omit<DecoyCodeRow, 'subject' | 'purpose'>): Promise<number | undefined>;
  purgeExpired(now: number): Promise<void>;
}

export interface CounterRepo {
  /** Adds one to the counter `key` in its current window and returns the new count. */
  hit(key: string, windowMs: number, now: number): Promise<number>;
  get(key: string, now: number): Promise<number>;
  reset(key: string): Promise<void>;
  /** Deletes counters whose window ended before `now`. */
  purgeExpired(now: number): Promise<void>;
}
