/**
 * The storage port: typed repositories and transactions. The domain talks only to these
 * interfaces; `storage/sql` implements them once over Kysely for both SQLite and PostgreSQL,
 * so nothing above this file knows which database it runs on.
 *
 * Conventions: times are epoch milliseconds; `*Key` fields are the normalised forms that the
 * domain computes (case folding etc.) and that indexes are built on; secrets arrive already
 * encrypted by the KeyVault and are stored as opaque strings.
 */

export interface PoolRow {
  id: string;
  name: string;
  /** The pool's configuration as the API describes it, minus id, name, dates and counts. */
  config: Record<string, unknown>;
  userCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface ClientRow {
  id: string;
  poolId: string;
  name: string;
  config: Record<string, unknown>;
  /** Encrypted client secret, when the client has one. */
  secretEnc: string | null;
  createdAt: number;
  updatedAt: number;
}

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
  state: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** What indexes a user: searchable attributes (ListUsers) and sign-in aliases (unique). */
export interface UserIndexes {
  search: { attr: string; value: string }[];
  aliases: { kind: string; value: string }[];
}

export interface GroupRow {
  poolId: string;
  name: string;
  description: string | null;
  precedence: number | null;
  roleArn: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CodeRow {
  userId: string;
  /** What the code confirms: `signup`, `forgot`, `verify:email`, `verify:phone_number`, ... */
  purpose: string;
  poolId: string;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

export interface OutboxMessage {
  id: number;
  poolId: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject: string | null;
  body: string;
  /** Why it was sent (`signup`, `invitation`, `forgot`, `verify`, `mfa`, ...), for `alcove messages`. */
  purpose: string;
  username: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  sentAt: number | null;
  lastError: string | null;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the last item when more may follow. */
  next?: string;
}

export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous page. */
  after?: string;
}

export interface UserSearch {
  attr: string;
  op: 'equals' | 'prefix';
  /** Already normalised like the index values. */
  value: string;
}

/**
 * How long a node may serve a pool's or an app client's configuration from memory on request
 * paths (sign-in, token checks, sign-up). Writes through this node invalidate at once; another
 * node's change is seen within this bound.
 */
export const CONFIG_CACHE_MS = 2_000;

export interface PoolRepo {
  insert(pool: PoolRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<PoolRow | undefined>;
  /** `get`, possibly up to CONFIG_CACHE_MS stale; inside a transaction always fresh. Do not mutate the row. */
  getCached(id: string): Promise<PoolRow | undefined>;
  /** Writes the name and configuration (not the user count). */
  update(pool: PoolRow): Promise<void>;
  delete(id: string): Promise<void>;
  list(page: PageRequest): Promise<Page<PoolRow>>;
  adjustUserCount(id: string, delta: number): Promise<void>;
}

export interface ClientRepo {
  insert(client: ClientRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<ClientRow | undefined>;
  /** `get`, possibly up to CONFIG_CACHE_MS stale; inside a transaction always fresh. Do not mutate the row. */
  getCached(id: string): Promise<ClientRow | undefined>;
  /** Writes the name and configuration (the secret is never changed here; rotate-kek re-seals it). */
  update(client: ClientRow): Promise<void>;
  delete(id: string): Promise<void>;
  list(poolId: string, page: PageRequest): Promise<Page<ClientRow>>;
}

/**
 * A row lock taken by a read inside a transaction, held until it ends: `update` for a
 * read-modify-write of the row, `share` to keep the row from changing (or a writer that takes
 * `update` first from being overtaken) while the transaction acts on what it read. PostgreSQL
 * takes them with `FOR UPDATE` / `FOR SHARE`; on SQLite a transaction already has the database
 * to itself (one connection, one process), so the read needs nothing more. Outside a
 * transaction a lock ends with its statement: pass none there.
 */
export type RowLock = 'update' | 'share';

/** The columns of a user that operations change; a write names only those it changes. */
export type UserFields = Partial<Pick<UserRow, 'username' | 'usernameKey' | 'status' | 'enabled' | 'attributes' | 'credentialsEnc' | 'state' | 'updatedAt'>>;

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
  findByName(poolId: string, name: { usernameKey: string; aliases: { kind: string; value: string }[]; sub?: string | undefined }): Promise<{ via: string; user: UserRow }[]>;
  /**
   * Writes `fields` (only those) of the user and, when given, replaces its indexes. Call it on a
   * row read with a lock in the same transaction. Throws `UniqueViolation` on alias clash.
   */
  update(id: string, fields: UserFields, indexes?: UserIndexes): Promise<void>;
  /** True for the one caller that deleted the row (concurrent deletes: the others get false). */
  delete(id: string): Promise<boolean>;
  /** Users ordered by username, or by the searched attribute when a search is given. */
  list(poolId: string, search: UserSearch | undefined, page: PageRequest): Promise<Page<UserRow>>;
}

export interface GroupRepo {
  insert(group: GroupRow): Promise<void>;
  get(poolId: string, name: string, lock?: RowLock): Promise<GroupRow | undefined>;
  update(group: GroupRow): Promise<void>;
  delete(poolId: string, name: string): Promise<void>;
  list(poolId: string, page: PageRequest): Promise<Page<GroupRow>>;
  /** Adds the membership unless it exists (concurrent adds both succeed). */
  addMember(poolId: string, name: string, userId: string): Promise<void>;
  removeMember(poolId: string, name: string, userId: string): Promise<void>;
  /** The user's groups, all of them (Cognito caps groups per user at 100). */
  groupsOf(userId: string): Promise<GroupRow[]>;
  listGroupsOf(userId: string, page: PageRequest): Promise<Page<GroupRow>>;
  listMembers(poolId: string, name: string, page: PageRequest): Promise<Page<UserRow>>;
}

export interface CodeRepo {
  put(code: CodeRow): Promise<void>;
  get(userId: string, purpose: string): Promise<CodeRow | undefined>;
  delete(userId: string, purpose: string): Promise<void>;
  /**
   * Reserves one attempt at the code whose hash is `codeHash`, in one statement: counted only
   * while it is live at `now` and has had fewer than `limit`; the new count, or undefined when
   * no attempt was left (or the code is gone, expired or replaced).
   */
  reserveAttempt(userId: string, purpose: string, codeHash: string, limit: number, now: number): Promise<number | undefined>;
  /** Deletes the code whose hash is `codeHash`, in one statement; true for the one caller that did. */
  consume(userId: string, purpose: string, codeHash: string): Promise<boolean>;
  purgeExpired(now: number): Promise<void>;
}

export interface OutboxRepo {
  add(message: Omit<OutboxMessage, 'id' | 'attempts' | 'sentAt' | 'lastError'>): Promise<number>;
  /** Claims up to `limit` due messages for `leaseMs`, so that each goes out from one node. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  markSent(id: number, at: number): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: number): Promise<void>;
  list(filter: { poolId?: string; destination?: string; limit: number }): Promise<OutboxMessage[]>;
  /** Deletes messages finished before `before`: sent then, or never to be tried again (`nextAttemptAt === never`). */
  purgeFinished(before: number, never: number): Promise<void>;
  /** Messages still to be delivered (unsent, to be tried again): how many, how many failed before, the oldest. */
  backlog(never: number): Promise<OutboxBacklog>;
}

export interface OutboxBacklog {
  pending: number;
  /** Of those, the ones whose last attempt failed. */
  retrying: number;
  /** `createdAt` of the oldest pending message, or null when none is. */
  oldestCreatedAt: number | null;
}

/** A PostgreSQL node's connection pool, as it stands. */
export interface ConnectionPoolStats {
  /** Open connections, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

export interface CounterRepo {
  /** Adds one to the counter `key` in its current window and returns the new count. */
  hit(key: string, windowMs: number, now: number): Promise<number>;
  get(key: string, now: number): Promise<number>;
  reset(key: string): Promise<void>;
  /** Deletes counters whose window ended before `now`. */
  purgeExpired(now: number): Promise<void>;
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

/** Request-rate quotas: provisioned limits per API category, and shared per-second counts. */
export interface QuotaRepo {
  /**
   * Adds `n` to the count of `key` (one quota window), in one statement, and returns the new
   * count: concurrent nodes each see every addition. The row expires at `windowEnd`.
   */
  add(key: string, n: number, windowEnd: number): Promise<number>;
  /** Every category whose limit was set (others use the default). */
  limits(): Promise<Record<string, number>>;
  setLimit(category: string, value: number, now: number): Promise<void>;
}

/** A pool's token-signing key; ID and access tokens are signed with keys of their own `use`. */
export interface SigningKeyRow {
  poolId: string;
  use: 'id' | 'access';
  /** 1 for the first key of a use, +1 per rotation; the highest unretired one signs. */
  generation: number;
  kid: string;
  /** PKCS#8 PEM, sealed by the KeyVault. */
  privateKeyEnc: string;
  /** The public JWK members (`kty`, `n`, `e`). */
  publicJwk: Record<string, string>;
  createdAt: number;
  retiredAt: number | null;
  /** When a retired key leaves the JWKS: after every token it signed has expired. */
  publishUntil: number | null;
}

export interface SigningKeyRepo {
  /** Inserts the key unless its (pool, use, generation) exists; true when this call inserted it. */
  insertIfAbsent(key: SigningKeyRow): Promise<boolean>;
  /** The pool's keys still published at `now` (active and recently retired), newest first. */
  listPublished(poolId: string, now: number): Promise<SigningKeyRow[]>;
  /** Retires the keys of `use` older than `generation` that are not retired yet. */
  retireOlder(poolId: string, use: 'id' | 'access', generation: number, retiredAt: number, publishUntil: number): Promise<void>;
}

export interface RefreshTokenRow {
  /** SHA-256 (hex) of the token: the token itself is never stored. */
  tokenHash: string;
  poolId: string;
  clientId: string;
  userId: string;
  deviceKey: string | null;
  /** The family: the jti of the original authentication, shared by rotated successors. */
  originJti: string;
  authTime: number;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
  /** Hash of the token that rotated this one out. */
  replacedBy: string | null;
  /** Until when a rotated-out token may still be used (the client's retry grace period). */
  graceUntil: number | null;
}

export interface RefreshTokenRepo {
  insert(token: RefreshTokenRow): Promise<void>;
  get(tokenHash: string, lock?: RowLock): Promise<RefreshTokenRow | undefined>;
  /**
   * Records that `replacedBy` rotated the token out, unless it was rotated out before and its
   * grace period is over at `now` (then false). Atomic, so concurrent rotations cannot both pass.
   */
  markReplaced(tokenHash: string, replacedBy: string, graceUntil: number, now: number): Promise<boolean>;
  revokeFamily(originJti: string, at: number): Promise<void>;
  revokeAllOfUser(userId: string, at: number): Promise<void>;
  /** Deletes up to `limit` tokens expired at `now`; returns how many. */
  purgeExpired(now: number, limit: number): Promise<number>;
}

export interface RevocationRepo {
  /** Records (or moves forward) a revocation that matters until `expiresAt`. */
  put(key: string, revokedAt: number, expiresAt: number): Promise<void>;
  /** Which of `keys` are revoked, with when; one indexed lookup. */
  find(keys: string[]): Promise<{ key: string; revokedAt: number }[]>;
  purgeExpired(now: number): Promise<void>;
}

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

/** A value sealed under one key-encryption key, kept while that key seals anything in the database. */
export interface KekCanaryRow {
  keyId: string;
  canaryEnc: string;
  createdAt: number;
}

export interface KekCanaryRepo {
  list(): Promise<KekCanaryRow[]>;
  /** Records the key's canary unless one is there already. */
  insertIfAbsent(row: KekCanaryRow): Promise<void>;
  delete(keyId: string): Promise<void>;
}

/** The columns that hold sealed secrets, for re-sealing under a new key-encryption key. */
export type SealedColumn = 'user_credentials' | 'client_secret' | 'signing_key' | 'server_secret' | 'outbox_body';

export interface SealedValue {
  /** Row key within its table (user id, client id, `poolId/kid`, secret name). */
  key: string;
  /** The parts of the row the seal's context is built from. */
  parts: Record<string, string>;
  sealed: string;
}

export interface SealedRepo {
  /** A page of sealed values, in key order after `after`. */
  scan(column: SealedColumn, after: string | undefined, limit: number): Promise<SealedValue[]>;
  /** Replaces a sealed value if it is still `previous` (another writer may have changed it). */
  replace(column: SealedColumn, key: string, previous: string, next: string): Promise<boolean>;
}

export interface Repos {
  sealed: SealedRepo;
  signingKeys: SigningKeyRepo;
  refreshTokens: RefreshTokenRepo;
  revocations: RevocationRepo;
  signInFailures: SignInFailureRepo;
  usedNonces: UsedNonceRepo;
  serverSecrets: ServerSecretRepo;
  kekCanaries: KekCanaryRepo;
  pools: PoolRepo;
  clients: ClientRepo;
  users: UserRepo;
  groups: GroupRepo;
  codes: CodeRepo;
  outbox: OutboxRepo;
  counters: CounterRepo;
  decoyCodes: DecoyCodeRepo;
  quotas: QuotaRepo;
}

export interface Store extends Repos {
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /** True when the database answers (readiness). */
  ping(): Promise<boolean>;
  /** PostgreSQL: the connection pool's use now (read when metrics are scraped); SQLite: undefined. */
  connectionPool(): ConnectionPoolStats | undefined;
  close(): Promise<void>;
  readonly kind: 'sqlite' | 'postgres';
}

/** A unique index refused a write; `index` names which (`username`, `alias:email`, ...). */
export class UniqueViolation extends Error {
  constructor(readonly index: string) {
    super(`unique violation on ${index}`);
    this.name = 'UniqueViolation';
  }
}
