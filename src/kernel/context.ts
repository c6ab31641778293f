/**
 * What every surface hands an operation: the services it may use and who is calling. Shared by
 * the user pools, the server, the seeding and (later) identity pools and STS; no HTTP types.
 */
import type { Logger } from 'pino';
import type { KeyVault } from '../crypto/key-vault.ts';
import type { Store } from '../storage/store.ts';
import type { UserPoolCaches } from '../userPools/caches.ts';
import type { Clock } from './clock.ts';
import type { InvokeTrigger } from './functions.ts';

export type { Clock } from './clock.ts';
export { systemClock } from './clock.ts';

/** The slice of settings the domain needs. */
export interface DomainSettings {
  region: string;
  accountId: string;
  /** Base URL this server is reached at (issuer, discovery). */
  publicUrl: string;
  issuerStyle: 'url' | 'cognito';
  /** Managed login host names are `<prefix>.auth.<region>.<domainBase>` (default amazoncognito.com). */
  domainBase?: string;
  dev: boolean;
  /** Development only: every code sent is this value. */
  devFixedCode?: string | undefined;
  /** STS: development trust of roles Alcove does not know, and the external OIDC issuers it trusts. */
  sts?: StsSettings | undefined;
  /** Identity pools whose credentials an external STS issues: pool id → its AssumeRoleWithWebIdentity URL. */
  credentialBrokers?: Readonly<Record<string, { stsEndpoint: string }>> | undefined;
  /** Identity pools the account may have (default 1,000, Cognito's quota). */
  identityPoolsPerAccount?: number | undefined;
  /** The keys that stand in for KMS keys (a pool's KMSKeyID → 32 bytes): the custom senders' code encryption. */
  kmsKeys?: Readonly<Record<string, Buffer>> | undefined;
}

/** An external OpenID Connect issuer whose ID tokens AssumeRoleWithWebIdentity accepts. */
export interface TrustedIssuer {
  /** The token's `iss`, exactly. */
  issuer: string;
  /** Where its keys are; default `<issuer>/.well-known/jwks.json` read from its discovery document. */
  jwksUri?: string | undefined;
  /** Accepted `aud` values (client ids); any when absent. */
  audiences?: string[] | undefined;
}

export interface StsSettings {
  trustUnknownRoles: boolean;
  trustedIssuers: TrustedIssuer[];
}

export interface Services {
  store: Store;
  vault: KeyVault;
  clock: Clock;
  settings: DomainSettings;
  log: Logger;
  /** Wakes the message sender after a transaction queued messages. */
  notifyOutbox(): void;
  /** This server's in-memory caches (newUserPoolCaches()), never shared between servers. */
  caches: UserPoolCaches;
  /** Runs a Lambda trigger (kernel/functions.ts); the runners are adapters. */
  invokeTrigger: InvokeTrigger;
}

/** An IAM principal that signed the request (SigV4). */
interface IamCaller {
  kind: 'iam';
  accountId: string;
  accessKeyId: string;
}

/** A signed-in user, as any surface knows one: by the claims of a token it checked. */
export interface TokenUser {
  kind: 'user';
  /** The user's `sub` (= the user's id). */
  sub: string;
  username: string;
  /** The app client the token was issued to. */
  clientId: string;
  /** The access token's claims. */
  claims: Readonly<Record<string, unknown>>;
}

/** Who calls: an IAM signer (SigV4), a user (access token), or nobody in particular (public). */
export type Caller = IamCaller | TokenUser | { kind: 'anonymous' };

export interface OperationContext<C extends Caller = Caller> {
  services: Services;
  caller: C;
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

/** A handler of some operation, as a surface's dispatcher holds it (the input has passed validation). */
export type AnyHandler = (input: any, ctx: OperationContext) => Promise<unknown>;
