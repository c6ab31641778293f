/**
 * Tokens: what the sign-in flows and every token-authorised operation use. ID and access
 * tokens are RS256 JWTs with Cognito's claims, signed with per-pool keys (signing-keys.ts);
 * refresh tokens are opaque handles stored as hashes (refresh-token.ts); revocation is by
 * refresh-token family (`origin_jti`, RevokeToken) and by per-user watermark (GlobalSignOut).
 *
 * All times in the store are epoch milliseconds; token claims are epoch seconds.
 */
import { randomUUID } from 'node:crypto';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { RefreshTokenRow } from './store.ts';
import type { Repos, Store } from '../../storage/store.ts';
import type { UserRow } from '../users/store.ts';
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { viewOfCached } from '../pools/load.ts';
import { accessTokenClaims, groupClaims, idTokenClaims, issuedAtMs } from './claims.ts';
import { issuerOf, poolIdOfIssuer } from './issuer.ts';
import { decodeJws, signJws, verifyJws } from './jws.ts';
import { hashRefreshToken, looksLikeRefreshToken, mintRefreshToken } from './refresh-token.ts';
import { MAX_TOKEN_LIFETIME_MS, poolKeys, publicKeyFor } from './signing-keys.ts';

export { rotateSigningKeys } from './signing-keys.ts';
export { issuerOf } from './issuer.ts';

/** What tokens need of an app client: a ClientView has it (tests may pass a plain object). */
export type TokenClient = Pick<ClientView,
  'id' | 'accessTokenValiditySeconds' | 'idTokenValiditySeconds' | 'refreshTokenValiditySeconds'
  | 'enableTokenRevocation' | 'refreshTokenRotation' | 'readAttributes'>;

const familyKey = (originJti: string) => `family:${originJti}`;
const userKey = (userId: string) => `user:${userId}`;

interface MintInput {
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
}

/** Signs a fresh ID and access token pair (one `event_id`, parallel signatures). */
async function mintPair(repos: Repos, services: Services, m: MintInput): Promise<{ IdToken: string; AccessToken: string }> {
  const nowMs = m.issuedAtMs;
  const iat = Math.floor(nowMs / 1000);
  const [keys, groups] = await Promise.all([poolKeys(services, m.poolId), repos.groups.groupsOf(m.user.id)]);
  const context = {
    iss: issuerOf(services.settings, m.poolId),
    clientId: m.client.id,
    user: m.user,
    groups: groupClaims(groups),
    readAttributes: m.client.readAttributes,
    authTime: m.authTime,
    iat,
    idExp: iat + m.client.idTokenValiditySeconds,
    accessExp: iat + m.client.accessTokenValiditySeconds,
    originJti: m.client.enableTokenRevocation ? m.originJti : undefined,
    eventId: randomUUID(),
    deviceKey: m.deviceKey,
    nowMs,
  };
  return {
    IdToken: signJws(idTokenClaims(context), keys.signers.id),
    AccessToken: signJws(accessTokenClaims(context), keys.signers.access),
  };
}

/** The stored form of a new refresh token of the family `originJti`. */
function refreshTokenRow(
  token: string,
  f: { poolId: string; clientId: string; userId: string; deviceKey: string | undefined; originJti: string; authTimeMs: number; now: number; validitySeconds: number },
): RefreshTokenRow {
  return {
    tokenHash: hashRefreshToken(token), poolId: f.poolId, clientId: f.clientId, userId: f.userId,
    deviceKey: f.deviceKey ?? null, originJti: f.originJti, authTime: f.authTimeMs, issuedAt: f.now,
    expiresAt: f.now + f.validitySeconds * 1000, revokedAt: null, replacedBy: null, graceUntil: null,
  };
}

/** Whom the tokens of a sign-in are for; `authTime` in epoch seconds. */
export interface IssueInput {
  pool: PoolView;
  client: TokenClient;
  user: UserRow;
  authTime: number;
  deviceKey?: string;
  issueRefreshToken: boolean;
}

/** What `recordTokens` wrote and `signTokens` needs: the family, and the new refresh token. */
export interface RecordedTokens {
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
    originJti: randomUUID(), deviceKey: input.deviceKey, issuedAtMs: now,
  };
  let refreshToken: string | undefined;
  if (input.issueRefreshToken) {
    refreshToken = mintRefreshToken();
    await repos.refreshTokens.insert(refreshTokenRow(refreshToken, {
      poolId: mint.poolId, clientId: input.client.id, userId: input.user.id, deviceKey: mint.deviceKey, originJti: mint.originJti,
      authTimeMs: input.authTime * 1000, now, validitySeconds: input.client.refreshTokenValiditySeconds,
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

/**
 * New ID and access tokens for a refresh token (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken).
 * They keep the family's `auth_time` and `origin_jti`. With `rotate` (the client has refresh
 * token rotation, and the caller is GetTokensFromRefreshToken) a new refresh token is returned
 * and the presented one keeps working only for the client's RetryGracePeriodSeconds.
 *
 * Errors: NotAuthorizedException `Invalid Refresh Token` (unknown, malformed, or another
 * client's), `Refresh Token has been revoked`, `Refresh Token has expired`, `User is disabled.`;
 * RefreshTokenReuseException when a rotated-out token is used after its grace period (without
 * `rotate`, that reads as revoked); UserNotFoundException `User does not exist.` when the user
 * was deleted (what Cognito answers a refresh for a deleted user).
 */
export async function refreshTokens(
  store: Store,
  services: Services,
  input: { client: TokenClient; refreshToken: string; rotate: boolean; deviceKey?: string },
): Promise<AuthenticationResultType> {
  const tokenHash = looksLikeRefreshToken(input.refreshToken) ? hashRefreshToken(input.refreshToken) : undefined;
  // One transaction decides, under locks; a refusal that must still write (a reuse revoking the
  // family) commits and is thrown after.
  const outcome = await store.transaction(async (tx): Promise<{ refusal: Error } | { mint: MintInput; refreshToken?: string }> => {
    const seen = tokenHash === undefined ? undefined : await tx.refreshTokens.get(tokenHash);
    if (!seen || seen.clientId !== input.client.id) return { refusal: errors.notAuthorized('Invalid Refresh Token') };
    // The user's row first, shared: GlobalSignOut and RevokeToken take it exclusively before they
    // revoke, so a refresh either commits before a revocation's update starts (which then sees,
    // and revokes, the successor it inserted) or continues after the revocation committed: a
    // rotation re-reads the token, locked (of concurrent rotations one at a time decides); a plain
    // refresh, which writes nothing, finds that revocation in the records checked below.
    const user = await tx.users.get(seen.userId, 'share');
    const row = input.rotate ? await tx.refreshTokens.get(seen.tokenHash, 'update') : seen;
    const now = services.clock.now();
    if (!row) return { refusal: errors.notAuthorized('Invalid Refresh Token') };
    if (row.revokedAt !== null) return { refusal: errors.notAuthorized('Refresh Token has been revoked') };
    if (row.expiresAt <= now) return { refusal: errors.notAuthorized('Refresh Token has expired') };
    const revocations = await tx.revocations.find([familyKey(row.originJti), userKey(row.userId)]);
    if (revocations.some((r) => r.key.startsWith('family:') || row.issuedAt <= r.revokedAt)) {
      return { refusal: errors.notAuthorized('Refresh Token has been revoked') };
    }
    if (row.replacedBy !== null && (row.graceUntil === null || row.graceUntil <= now)) {
      // A rotated-out token used after its grace period: someone holds a copy. Its whole family
      // (the successors included) is revoked, as is every ID and access token issued from it.
      await revokeFamily(tx, row.originJti, now);
      return { refusal: reuseError(input.rotate) };
    }
    if (!user || user.poolId !== row.poolId) return { refusal: errors.userNotFound('User does not exist.') };
    if (!user.enabled) return { refusal: errors.notAuthorized('User is disabled.') };

    const mint: MintInput = {
      poolId: row.poolId, client: input.client, user, authTime: Math.floor(row.authTime / 1000),
      originJti: row.originJti, deviceKey: input.deviceKey ?? row.deviceKey ?? undefined, issuedAtMs: now,
    };
    if (!input.rotate) return { mint };
    // Every successor minted inside the grace period (a client's retries) joins the family, so
    // one revocation ends them all. The grace period runs from the first rotation.
    const successor = mintRefreshToken();
    const graceUntil = now + input.client.refreshTokenRotation.retryGracePeriodSeconds * 1000;
    if (!(await tx.refreshTokens.markReplaced(row.tokenHash, hashRefreshToken(successor), graceUntil, now))) {
      await revokeFamily(tx, row.originJti, now);
      return { refusal: reuseError(true) };
    }
    await tx.refreshTokens.insert(refreshTokenRow(successor, {
      poolId: row.poolId, clientId: row.clientId, userId: row.userId, deviceKey: mint.deviceKey, originJti: row.originJti,
      authTimeMs: row.authTime, now, validitySeconds: input.client.refreshTokenValiditySeconds,
    }));
    return { mint, refreshToken: successor };
  });
  if ('refusal' in outcome) throw outcome.refusal;
  return authenticationResult(await mintPair(store, services, outcome.mint), input.client, outcome.refreshToken);
}

/** Revokes a family's refresh tokens and, through its revocation record, its ID and access tokens. */
async function revokeFamily(repos: Repos, originJti: string, now: number): Promise<void> {
  await repos.refreshTokens.revokeFamily(originJti, now);
  await repos.revocations.put(familyKey(originJti), now, now + MAX_TOKEN_LIFETIME_MS);
}

function authenticationResult(
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

const reuseError = (rotate: boolean) => rotate
  ? errors.refreshTokenReuse('Refresh Token has been used and is no longer valid')
  : errors.notAuthorized('Refresh Token has been revoked');

/**
 * RevokeToken: revokes the refresh token's whole family (its rotated successors too) and every
 * ID/access token issued from it. The caller has checked the client's secret.
 *
 * Errors: UnsupportedOperationException when the client does not enable token revocation;
 * UnsupportedTokenTypeException for a JWT (an ID or access token) instead of a refresh token;
 * UnauthorizedException when the token was issued to another client. An unknown refresh
 * token is not an error (RFC 7009 §2.2: revoking it again, or a stale one, succeeds).
 */
export async function revokeRefreshToken(
  store: Store,
  services: Services,
  input: { client: TokenClient; token: string },
): Promise<void> {
  if (!input.client.enableTokenRevocation) {
    throw errors.unsupportedOperation('Client is not configured for token revocation');
  }
  if (decodeJws(input.token)) throw errors.unsupportedTokenType('Unsupported token type');
  if (!looksLikeRefreshToken(input.token)) return;
  const row = await store.refreshTokens.get(hashRefreshToken(input.token));
  if (!row) return;
  if (row.clientId !== input.client.id) throw errors.unauthorized('Token was not issued to this client');
  await store.transaction(async (tx) => {
    // Exclusively, the row a refresh of the user's tokens shares (see refreshTokens): a refresh in
    // flight finishes first and its successor is revoked here; a later one finds the family revoked.
    await tx.users.lock(row.userId, 'update');
    await revokeFamily(tx, row.originJti, services.clock.now());
  });
}

/**
 * GlobalSignOut / AdminUserGlobalSignOut: every refresh token of the user stops working, and
 * every access token issued until now is refused by token-authorised operations.
 */
export async function globalSignOut(repos: Repos, services: Services, userId: string): Promise<void> {
  // Call it in a transaction. The user's row exclusively, as refreshTokens() and recordTokens()
  // expect: whatever they issue commits before the update below starts, or after this commits.
  // The cut-off is read after the lock, so it is at or after the issue time of all they minted.
  await repos.users.lock(userId, 'update');
  const cutoff = services.clock.now();
  await repos.refreshTokens.revokeAllOfUser(userId, cutoff);
  await repos.revocations.put(userKey(userId), cutoff, cutoff + MAX_TOKEN_LIFETIME_MS);
}

/** How far ahead of this node's clock an access token's `iat` / `nbf` may be. */
export const FUTURE_SKEW_MS = 60_000;

export interface AuthenticatedAccess {
  pool: PoolView;
  user: UserRow;
  clientId: string;
  claims: Record<string, unknown>;
}

/**
 * Authenticates the AccessToken of an access-token operation (GetUser, ChangePassword, ...):
 * signature by `kid` against the pool's keys, `iss`, `token_use`, expiry, `iat` / `nbf` not in
 * the future beyond FUTURE_SKEW_MS, `scope` among the token's scopes, revocation
 * (family and sign-out watermark, one indexed lookup), then the user's existence and state.
 *
 * Errors (NotAuthorizedException unless noted): `Invalid Access Token` (malformed, bad
 * signature, unknown pool or key, or not an access token), `Access Token has expired`,
 * `Access Token does not have required scopes`, `Access Token has been revoked`,
 * `User is disabled.`; UserNotFoundException `User does not exist.` for a deleted user.
 */
export async function authenticateAccessToken(
  repos: Repos, services: Services, scope: string, token: string,
): Promise<AuthenticatedAccess> {
  const invalid = () => errors.notAuthorized('Invalid Access Token');
  const decoded = decodeJws(token);
  if (!decoded || typeof decoded.header.kid !== 'string') throw invalid();
  const claims = decoded.payload;
  if (typeof claims.iss !== 'string') throw invalid();
  const poolId = poolIdOfIssuer(claims.iss);
  if (claims.iss !== issuerOf(services.settings, poolId)) throw invalid();

  const [poolRow, revocations] = await Promise.all([
    repos.pools.getCached(poolId),
    typeof claims.sub === 'string' && typeof claims.origin_jti === 'string'
      ? repos.revocations.find([userKey(claims.sub), familyKey(claims.origin_jti)])
      : typeof claims.sub === 'string' ? repos.revocations.find([userKey(claims.sub)]) : Promise.resolve([]),
  ]);
  if (!poolRow) throw invalid();
  const publicKey = await publicKeyFor(services, poolId, decoded.header.kid);
  if (!publicKey || !verifyJws(decoded, publicKey)) throw invalid();

  if (claims.token_use !== 'access' || typeof claims.sub !== 'string' || typeof claims.client_id !== 'string'
    || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw invalid();
  const now = services.clock.now();
  if (claims.exp * 1000 <= now) throw errors.notAuthorized('Access Token has expired');
  // A token issued (or valid from) in the future came from a clock far ahead, or was made to
  // outlive its lifetime: refused beyond the skew that nodes' clocks may differ by.
  if (claims.iat * 1000 > now + FUTURE_SKEW_MS) throw invalid();
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf * 1000 > now + FUTURE_SKEW_MS)) throw invalid();
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(scope)) {
    throw errors.notAuthorized('Access Token does not have required scopes');
  }
  const issuedAt = issuedAtMs(claims.jti, claims.iat);
  for (const r of revocations) {
    if (r.key.startsWith('family:') || issuedAt <= r.revokedAt) throw errors.notAuthorized('Access Token has been revoked');
  }

  const user = await repos.users.get(claims.sub);
  if (!user || user.poolId !== poolId) throw errors.userNotFound('User does not exist.');
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  return { pool: viewOfCached(poolRow, services.caches.poolViews), user, clientId: claims.client_id, claims };
}

/** The pool's published keys as a JWKS document. The pool must exist. */
export async function jwksOf(services: Services, poolId: string): Promise<{ keys: unknown[] }> {
  return { keys: (await poolKeys(services, poolId)).jwks };
}
