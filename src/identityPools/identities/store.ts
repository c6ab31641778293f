/**
 * The storage port of identities and their logins (`identities`, `identity_logins`),
 * implemented in storage/sql/identities.ts. Types only, no SQL.
 *
 * A login is (pool, provider, subject), unique: it belongs to one identity at most, which is
 * what makes concurrent GetIds for one login create one identity (the loser's insert fails and
 * its transaction rolls back).
 */
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';

export interface IdentityRow {
  id: string;
  poolId: string;
  /** Merged away into another identity: kept (ListIdentities HideDisabled), never used again. */
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface LoginRow {
  poolId: string;
  /** The provider's canonical name (`cognito-idp.<region>.amazonaws.com/<poolId>`, an issuer host, the developer provider). */
  provider: string;
  /** Who the provider says it is: the token's `sub`, or the developer user identifier. */
  subject: string;
  identityId: string;
  createdAt: number;
}

export interface IdentityRepo {
  insert(identity: IdentityRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<IdentityRow | undefined>;
  /** The pool's identities in id order, without the disabled ones when `hideDisabled`. */
  list(poolId: string, hideDisabled: boolean, page: PageRequest): Promise<Page<IdentityRow>>;
  /** Marks the identity merged away (disabled); true when it was enabled before. */
  disable(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
  /** True when this call deleted it (its logins go with it). */
  delete(id: string): Promise<boolean>;

  /** The identity a login belongs to, if any. */
  findLogin(poolId: string, provider: string, subject: string): Promise<LoginRow | undefined>;
  /** Links a login; throws UniqueViolation('login') when it belongs to an identity already. */
  insertLogin(login: LoginRow): Promise<void>;
  /** The identity's logins, by provider. */
  loginsOf(identityId: string): Promise<LoginRow[]>;
  /** Logins of several identities at once (ListIdentities' page). */
  loginsOfMany(identityIds: string[]): Promise<LoginRow[]>;
  /** The logins of one provider of an identity (developer user identifiers), paged by subject. */
  loginsOfProvider(identityId: string, provider: string, page: PageRequest): Promise<Page<LoginRow>>;
  /** Removes a login if it belongs to `identityId`; true when it did. */
  deleteLogin(poolId: string, provider: string, subject: string, identityId: string): Promise<boolean>;
  /** Moves every login of `from` to `to` (a merge); how many moved. */
  moveLogins(from: string, to: string): Promise<number>;
}
