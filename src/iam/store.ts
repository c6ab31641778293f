/**
 * IAM's storage port: roles (with their trust policy and inline permission policies) and the
 * temporary credentials STS issues for them. Types only; storage/sql/iam.ts implements it.
 */
import type { Page, PageRequest, RowLock } from '../storage/store.ts';

export interface RoleRow {
  /** Lower-cased name: IAM role names are unique regardless of case. */
  nameKey: string;
  name: string;
  /** `/` or `/a/b/`. */
  path: string;
  /** IAM's unique id: `AROA` + 17 characters. */
  roleId: string;
  arn: string;
  /** The trust (assume-role) policy, as given. */
  trustPolicy: string;
  description: string | undefined;
  /** Seconds, 3600..43200. */
  maxSessionDuration: number;
  tags: { Key: string; Value: string }[];
  createdAt: number;
}

export interface RolePolicyRow {
  roleNameKey: string;
  policyName: string;
  document: string;
}

export interface RoleRepo {
  /** Inserts a role; a UniqueViolation `role` when the name is taken. */
  insert(role: RoleRow): Promise<void>;
  get(nameKey: string, lock?: RowLock): Promise<RoleRow | undefined>;
  /** Rewrites a role's trust policy, description and maximum session duration (the config file's changes). */
  updateSettings(nameKey: string, change: { trustPolicy: string; description: string | undefined; maxSessionDuration: number }): Promise<void>;
  /** Deletes the role; false when there was none. */
  delete(nameKey: string): Promise<boolean>;
  /** Roles whose path starts with `pathPrefix`, by name key. */
  list(pathPrefix: string, page: PageRequest): Promise<Page<RoleRow>>;
  /** Creates or replaces an inline policy. */
  putPolicy(policy: RolePolicyRow): Promise<void>;
  getPolicy(roleNameKey: string, policyName: string): Promise<RolePolicyRow | undefined>;
  /** The role's inline policies, by name. */
  policies(roleNameKey: string): Promise<RolePolicyRow[]>;
  deletePolicy(roleNameKey: string, policyName: string): Promise<boolean>;
}

/**
 * An IAM OpenID Connect provider (CreateOpenIDConnectProvider): the issuer whose ID tokens STS
 * and identity pools trust, and the client ids their `aud` (or `azp`) must be one of.
 */
export interface OidcProviderRow {
  /** The URL without its scheme (`host/path`): the ARN's resource, the Logins key; unique. */
  urlKey: string;
  /** The URL as created, with its scheme: the tokens' `iss`. */
  url: string;
  arn: string;
  clientIds: string[];
  /** Kept and returned; not checked (the issuer's TLS certificate is checked by its CA, as AWS now does). */
  thumbprints: string[];
  tags: { Key: string; Value: string }[];
  createdAt: number;
}

export interface OidcProviderRepo {
  /** Inserts a provider; a UniqueViolation `oidc_provider` when its URL is registered. */
  insert(row: OidcProviderRow): Promise<void>;
  get(urlKey: string): Promise<OidcProviderRow | undefined>;
  /** Every provider, by URL. */
  list(): Promise<OidcProviderRow[]>;
  /** False when there was none. */
  delete(urlKey: string): Promise<boolean>;
}

/** The web identity a session was issued for, and what policies see of it. */
export interface SessionIdentity {
  /** `cognito-identity.amazonaws.com`, or the OIDC issuer without its scheme. */
  provider: string;
  subject: string;
  audience: string;
  amr: string[];
}

export interface TemporaryCredentialRow {
  accessKeyId: string;
  /** Sealed `{"secret","token"}` (KeyVault; the sealed-columns registry's `sts_credentials`). */
  secretEnc: string;
  roleArn: string;
  roleNameKey: string;
  sessionName: string;
  assumedRoleId: string;
  identity: SessionIdentity;
  principalTags: Record<string, string>;
  /** Session policies bounding the role's (the request's Policy, Cognito's guest scope-down), as JSON texts. */
  sessionPolicies: string[];
  /** The role was unknown and trusted by `iam.trustUnknownRoles`: no permission policy of its own. */
  unknownRole: boolean;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | undefined;
}

export interface TemporaryCredentialRepo {
  insert(row: TemporaryCredentialRow): Promise<void>;
  get(accessKeyId: string): Promise<TemporaryCredentialRow | undefined>;
  /** Marks one credential revoked at `at`; false when it was unknown or already revoked (one winner). */
  revoke(accessKeyId: string, at: number): Promise<boolean>;
  /** Marks every live credential of a role session (or of the role, without a session name) revoked; how many. */
  revokeSessions(roleArn: string, sessionName: string | undefined, at: number): Promise<number>;
  /** Deletes credentials expired before `before`. */
  purgeExpired(before: number): Promise<number>;
}
