/**
 * The storage port of identity pools (`identity_pools`), implemented in
 * storage/sql/identity-pools.ts. Types only, no SQL. Each operation writes only the column it
 * owns (configuration, roles, principal-tag maps, tags).
 */
import type { CognitoIdentityProvider, RoleMapping } from '@aws-sdk/client-cognito-identity';
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';

/** What CreateIdentityPool / UpdateIdentityPool set, in the API's own member names. */
export interface IdentityPoolConfig {
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: CognitoIdentityProvider[];
  SamlProviderARNs?: string[];
}

/** SetIdentityPoolRoles: the default roles and the per-provider role mappings. */
export interface IdentityPoolRoles {
  Roles: Record<string, string>;
  RoleMappings?: Record<string, RoleMapping>;
}

/** SetPrincipalTagAttributeMap, per identity provider name. */
export interface PrincipalTagMap {
  UseDefaults: boolean;
  PrincipalTags: Record<string, string>;
}

export interface IdentityPoolRow {
  id: string;
  name: string;
  config: IdentityPoolConfig;
  roles: IdentityPoolRoles;
  tagMaps: Record<string, PrincipalTagMap>;
  tags: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityPoolRepo {
  insert(pool: IdentityPoolRow): Promise<void>;
  /**
   * Counts one pool more against the account's limit, atomically (one counter row, seeded from the
   * pools that exist; concurrent calls serialise on it): false, changing nothing that commits, when
   * that would pass `max`. Call it in the creation's transaction.
   */
  claimSlot(max: number): Promise<boolean>;
  /** Counts one pool less (after a delete that removed the row, in its transaction). */
  releaseSlot(): Promise<void>;
  get(id: string, lock?: RowLock): Promise<IdentityPoolRow | undefined>;
  /** The pool as read on request paths (kept a short time, as user pools are). */
  getCached(id: string): Promise<IdentityPoolRow | undefined>;
  updateConfig(id: string, name: string, config: IdentityPoolConfig, at: number): Promise<void>;
  updateRoles(id: string, roles: IdentityPoolRoles, at: number): Promise<void>;
  updateTagMaps(id: string, tagMaps: Record<string, PrincipalTagMap>, at: number): Promise<void>;
  updateTags(id: string, tags: Record<string, string>, at: number): Promise<void>;
  /** True when this call deleted the pool (its identities and logins go with it). */
  delete(id: string): Promise<boolean>;
  list(page: PageRequest): Promise<Page<{ id: string; name: string }>>;
}
