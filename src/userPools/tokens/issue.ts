/**
 * Issuing tokens after a sign-in: ID and access tokens (RS256 JWTs with Cognito's claims, signed
 * with per-pool keys, signing-keys.ts) and a new refresh-token family (`origin_jti`) whose
 * refresh token is an opaque handle stored as a hash (refresh-token.ts). The signing and the
 * stored-row helpers here are shared with refresh.ts.
 *
 * All times in the store are epoch milliseconds; token claims are epoch seconds.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { RefreshTokenRow } from './store.ts';
import type { Repos } from '../../storage/store.ts';
import type { UserRow } from '../users/store.ts';
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { accessTokenClaims, groupClaims, idTokenClaims, type OAuthClaims } from './claims.ts';
import { issuerOf } from './issuer.ts';
import { signJws } from './jws.ts';
import { hashRefreshToken, mintRefreshToken } from './refresh-token.ts';
import { poolKeys } from './signing-keys.ts';
import { customiseAccessClaims, customiseIdClaims, overriddenGroups, type TokenOverrides } from './customise.ts';

/** What tokens need of an app client: a ClientView has it (tests may pass a plain object). */
export type TokenClient = Pick<ClientView,
  'id' | 'accessTokenValiditySeconds' | 'idTokenValiditySeconds' | 'refreshTokenValiditySeconds'
  | 'enableTokenRevocation' | 'refreshTokenRotation' | 'readAttributes'>;

export interface MintInput {
  poolId: string;
  client: TokenClient;
  user: UserRow;
  /** Epoch seconds. */
  authTime: number;
  originJti: string;
  deviceKey: string | undefined;
  /**
   * When the tokens count as issued (their `iat` and `jti` time): the time read inside the
   * transaction that decided to issue them, so that a revocation committed after it (whose
   * cut-off is read later) covers them, even though they are signed after the commit.
   */
  issuedAtMs: number;
  /** Tokens of the OAuth endpoints (scopes, resource, nonce); the ID token then carries at_hash. */
  oauth?: Omit<OAuthClaims, 'atHash'> | undefined;
  /** The pre token generation trigger's answer (customise.ts), when the pool has one. */
  overrides?: TokenOverrides | undefined;
}

/** OpenID Connect's at_hash: the left half of the access token's SHA-256, base64url. */
export const atHashOf = (accessToken: string): string =>
  createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');

/** Signs a fresh ID and access token pair (one `event_id`, parallel signatures). */
export async function mintPair(repos: Repos, services: Services, m: MintInput): Promise<{ IdToken: string; AccessToken: string }> {
  const nowMs = m.issuedAtMs;
  const iat = Math.floor(nowMs / 1000);
  const [keys, groups] = await Promise.all([poolKeys(services, m.poolId), repos.groups.groupsOf(m.user.id)]);
  const context = {
    iss: issuerOf(services.settings, m.poolId),
    clientId: m.client.id,
    user: m.user,
    groups: overriddenGroups(groupClaims(groups), m.overrides),
    readAttributes: m.client.readAttributes,
    authTime: m.authTime,
    iat,
    idExp: iat + m.client.idTokenValiditySeconds,
    accessExp: iat + m.client.accessTokenValiditySeconds,
    originJti: m.client.enableTokenRevocation ? m.originJti : undefined,
    eventId: randomUUID(),
    deviceKey: m.deviceKey,
    nowMs,
    oauth: m.oauth,
  };
  const AccessToken = signJws(customiseAccessClaims(accessTokenClaims(context), m.overrides), keys.signers.access);
  const id = m.oauth ? { ...context, oauth: { ...m.oauth, atHash: atHashOf(AccessToken) } } : context;
  return { IdToken: signJws(customiseIdClaims(idTokenClaims(id), m.overrides), keys.signers.id), AccessToken };
}

/** The stored form of a new refresh token of the family `originJti`. */
export function refreshTokenRow(
  token: string,
  f: {
    poolId: string; clientId: string; userId: string; deviceKey: string | undefined; originJti: string; authTimeMs: number; now: number; validitySeconds: number;
    scope?: string | null | undefined; audience?: string | null | undefined;
  },
): RefreshTokenRow {
  return {
    tokenHash: hashRefreshToken(token), poolId: f.poolId, clientId: f.clientId, userId: f.userId,
    deviceKey: f.deviceKey ?? null, originJti: f.originJti, authTime: f.authTimeMs, issuedAt: f.now,
    expiresAt: f.now + f.validitySeconds * 1000, revokedAt: null, replacedBy: null, graceUntil: null,
    ...(f.scope ? { scope: f.scope, audience: f.audience ?? null } : {}),
  };
}

/** Whom the tokens of a sign-in are for; `authTime` in epoch seconds. */
interface IssueInput {
  pool: PoolView;
  client: TokenClient;
  user: UserRow;
  authTime: number;
  deviceKey?: string;
  issueRefreshToken: boolean;
  /** The family, when fixed in advance (an authorization code's, so that its replay can revoke it). */
  originJti?: string;
  /** Tokens of the OAuth endpoints: the family's scopes and resource are stored with its refresh token. */
  oauth?: Omit<OAuthClaims, 'atHash'>;
  /** The pre token generation trigger's answer, run before the transaction this is recorded in. */
  overrides?: TokenOverrides | undefined;
}

/** What `recordTokens` wrote and `signTokens` needs: the family, and the new refresh token. */
interface RecordedTokens {
  mint: MintInput;
  client: TokenClient;
  refreshToken: string | undefined;
}

/**
 * The database half of issuing tokens: a new family (`origin_jti`) and, when
 * `issueRefreshToken`, its refresh token row. Separate from the signing so that a sign-in step
 * can commit this together with its other writes in one transaction, and sign outside it.
 */
export async function recordTokens(
  repos: Repos,
  services: Services,
  input: IssueInput,
): Promise<RecordedTokens> {
  // Shared, the user's row that GlobalSignOut locks exclusively (see globalSignOut): a new
  // refresh token commits before its update starts, or is issued after its cut-off.
  if (input.issueRefreshToken) await repos.users.lock(input.user.id, 'share');
  const now = services.clock.now();
  const mint: MintInput = {
    poolId: input.pool.id, client: input.client, user: input.user, authTime: input.authTime,
    originJti: input.originJti ?? randomUUID(), deviceKey: input.deviceKey, issuedAtMs: now, oauth: input.oauth, overrides: input.overrides,
  };
  let refreshToken: string | undefined;
  if (input.issueRefreshToken) {
    refreshToken = mintRefreshToken();
    await repos.refreshTokens.insert(refreshTokenRow(refreshToken, {
      poolId: mint.poolId, clientId: input.client.id, userId: input.user.id, deviceKey: mint.deviceKey, originJti: mint.originJti,
      authTimeMs: input.authTime * 1000, now, validitySeconds: input.client.refreshTokenValiditySeconds,
      scope: input.oauth?.scope, audience: input.oauth?.audience,
    }));
  }
  return { mint, client: input.client, refreshToken };
}

/** The signing half: ID and access tokens for what `recordTokens` wrote. */
export async function signTokens(repos: Repos, services: Services, recorded: RecordedTokens): Promise<AuthenticationResultType> {
  return authenticationResult(await mintPair(repos, services, recorded.mint), recorded.client, recorded.refreshToken);
}

/**
 * Tokens for a user who just authenticated: ID and access tokens, and a refresh token when
 * `issueRefreshToken` (a new family: a new `origin_jti`). `authTime` is epoch seconds and is
 * carried unchanged by every refresh of this family. The caller has already decided that the
 * user may sign in. Its writes go through `repos`, so a caller may pass a transaction's.
 */
export async function issueTokens(repos: Repos, services: Services, input: IssueInput): Promise<AuthenticationResultType> {
  return signTokens(repos, services, await recordTokens(repos, services, input));
}

export function authenticationResult(
  pair: { AccessToken: string; IdToken: string }, client: TokenClient, RefreshToken: string | undefined,
): AuthenticationResultType {
  return {
    AccessToken: pair.AccessToken,
    ExpiresIn: client.accessTokenValiditySeconds,
    TokenType: 'Bearer',
    ...(RefreshToken ? { RefreshToken } : {}),
    IdToken: pair.IdToken,
  };
}
