/**
 * The storage port's composition: every concern's repository (each declared beside its domain
 * code, e.g. `userPools/users/store.ts`), the transaction contract, and the few types all of
 * them share. `storage/sql` implements each concern once over Kysely for both SQLite and
 * PostgreSQL (`storage/sql/<concern>.ts`), so nothing above this layer knows which database it
 * runs on.
 *
 * Conventions: times are epoch milliseconds; `*Key` fields are the normalised forms that the
 * domain computes (case folding etc.) and that indexes are built on; secrets arrive already
 * encrypted by the KeyVault and are stored as opaque strings; JSON columns are typed rows here
 * and (de)serialised inside the repositories.
 */
import type { IdentityRepo } from '../identityPools/identities/store.ts';
import type { IdentityPoolRepo } from '../identityPools/pools/store.ts';
import type { IdentityKeyRepo } from '../identityPools/tokens/store.ts';
import type { OidcProviderRepo, RoleRepo, TemporaryCredentialRepo } from '../iam/store.ts';
import type { QuotaRepo } from '../quotas/store.ts';
import type { KekCanaryRepo, SealedRepo } from '../userPools/sealed/store.ts';
import type { SignInFailureRepo, UsedNonceRepo, ServerSecretRepo } from '../userPools/auth/store.ts';
import type { ClientRepo } from '../userPools/clients/store.ts';
import type { ManagedLoginBrandingRepo, UiCustomizationRepo } from '../userPools/branding/store.ts';
import type { DomainRepo } from '../userPools/domains/store.ts';
import type { ResourceServerRepo } from '../userPools/resource-servers/store.ts';
import type { TermsRepo } from '../userPools/terms/store.ts';
import type { CodeRepo } from '../userPools/codes/store.ts';
import type { GroupRepo } from '../userPools/groups/store.ts';
import type { SoftwareTokenRepo } from '../userPools/mfa/store.ts';
import type { WebAuthnCredentialRepo } from '../userPools/passkeys/store.ts';
import type { DeviceRepo } from '../userPools/devices/store.ts';
import type { OutboxRepo } from '../userPools/messages/store.ts';
import type { AuthorizationCodeRepo, HostedSessionRepo } from '../userPools/oauth/store.ts';
import type { PoolRepo } from '../userPools/pools/store.ts';
import type { RefreshTokenRepo, RevocationRepo, SigningKeyRepo } from '../userPools/tokens/store.ts';
import type { CounterRepo, DecoyCodeRepo, UserRepo } from '../userPools/users/store.ts';

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

/**
 * How long a node may serve a pool's or an app client's configuration from memory on request
 * paths (sign-in, token checks, sign-up). Writes through this node invalidate at once; another
 * node's change is seen within this bound.
 */
export const CONFIG_CACHE_MS = 2_000;

/**
 * A row lock taken by a read inside a transaction, held until it ends: `update` for a
 * read-modify-write of the row, `share` to keep the row from changing (or a writer that takes
 * `update` first from being overtaken) while the transaction acts on what it read. PostgreSQL
 * takes them with `FOR UPDATE` / `FOR SHARE`; on SQLite a transaction already has the database
 * to itself (one connection, one process), so the read needs nothing more. Outside a
 * transaction a lock ends with its statement: pass none there.
 */
export type RowLock = 'update' | 'share';

/** A PostgreSQL node's connection pool, as it stands. */
export interface ConnectionPoolStats {
  /** Open connections, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
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
  domains: DomainRepo;
  resourceServers: ResourceServerRepo;
  uiCustomizations: UiCustomizationRepo;
  managedLoginBrandings: ManagedLoginBrandingRepo;
  terms: TermsRepo;
  authorizationCodes: AuthorizationCodeRepo;
  hostedSessions: HostedSessionRepo;
  identityPools: IdentityPoolRepo;
  identities: IdentityRepo;
  identityKeys: IdentityKeyRepo;
  roles: RoleRepo;
  temporaryCredentials: TemporaryCredentialRepo;
  oidcProviders: OidcProviderRepo;
  softwareTokens: SoftwareTokenRepo;
  webAuthnCredentials: WebAuthnCredentialRepo;
  devices: DeviceRepo;
}

export interface Store extends Repos {
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /**
   * Undefined when every write committed so far is durable; otherwise a promise that resolves
   * once they all are. Every answer waits on it before it leaves (server/app.ts). SQLite: one
   * shared fdatasync of the WAL for all commits before it (sql/group-commit.ts); PostgreSQL:
   * always undefined (a commit returns once it is durable).
   */
  durable(): Promise<void> | undefined;
  /** True when the database answers (readiness). */
  ping(): Promise<boolean>;
  /** PostgreSQL: the connection pool's use now (read when metrics are scraped); SQLite: undefined. */
  connectionPool(): ConnectionPoolStats | undefined;
  close(): Promise<void>;
  readonly kind: 'sqlite' | 'postgres';
}

/**
 * A write named a parent row that is gone (a foreign key refused it): e.g. a user inserted into a
 * pool that another node deleted after this node read it. `parent` names which (`pool`).
 */
export class MissingParent extends Error {
  constructor(readonly parent: string) {
    super(`missing parent ${parent}`);
    this.name = 'MissingParent';
  }
}

/** A unique index refused a write; `index` names which (`username`, `alias:email`, ...). */
export class UniqueViolation extends Error {
  constructor(readonly index: string) {
    super(`unique violation on ${index}`);
    this.name = 'UniqueViolation';
  }
}
