/**
 * The storage port of tokens: signing keys, refresh tokens and revocations, implemented in
 * storage/sql/tokens.ts. Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { RowLock } from '../../storage/store.ts';
import type { UserProfile } from '../users/store.ts';

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
  /**
   * The scopes granted through /oauth2/token (space-separated), which the family's access tokens
   * carry; absent for the JSON API's families (the admin scope).
   */
  scope?: string | null;
  /** RFC 8707: the resource the family's access tokens are bound to (their `aud`). */
  audience?: string | null;
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
  /**
   * `find(keys)` (at most two keys) and the user (`users.get(userId)` without its credentials) in one statement: an access-token
   * call's one indexed lookup.
   */
  findWithUser(userId: string, keys: string[]): Promise<{ user: UserProfile | undefined; revocations: { key: string; revokedAt: number }[] }>;
  purgeExpired(now: number): Promise<void>;
}
