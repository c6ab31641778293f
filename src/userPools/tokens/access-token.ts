/** Checking the AccessToken of a token-authorised operation. */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { UserProfile } from '../users/store.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { viewOfCached } from '../pools/load.ts';
import { issuedAtMs } from './claims.ts';
import { issuerOf, poolIdOfIssuer } from './issuer.ts';
import { decodeJws } from './jws.ts';
import { familyKey, userKey } from './revoke.ts';
import { publicKeyFor } from './signing-keys.ts';

/** How far ahead of this node's clock an access token's `iat` / `nbf` may be. */
const FUTURE_SKEW_MS = 60_000;

interface AuthenticatedAccess {
  pool: PoolView;
  user: UserProfile;
  clientId: string;
  claims: Record<string, unknown>;
}

/**
 * Authenticates the AccessToken of an access-token operation (GetUser, ChangePassword, ...):
 * signature by `kid` against the pool's keys, `iss`, `token_use`, expiry, `iat` / `nbf` not in
 * the future beyond FUTURE_SKEW_MS, `scope` among the token's scopes, revocation
 * (family and sign-out watermark), then the user's existence and state; the revocations and the
 * user are read in one statement (`revocations.findWithUser`), the signature verified once per
 * token and key on this node (`caches.verifiedTokens`).
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
  const verified = services.caches.verifiedTokens;
  // A token this node verified before: its decoded form is remembered with its signature.
  const known = verified.known(token, services.clock.now());
  const decoded = known ? known.decoded : decodeJws(token);
  if (!decoded || typeof decoded.header.kid !== 'string') throw invalid();
  const claims = decoded.payload;
  if (typeof claims.iss !== 'string') throw invalid();
  const poolId = poolIdOfIssuer(claims.iss);
  if (claims.iss !== issuerOf(services.settings, poolId)) throw invalid();

  if (typeof claims.sub !== 'string') throw invalid();
  // The revocations that apply (the user's sign-out watermark, the token family) and the user,
  // in one indexed lookup; checked below in the same order as ever.
  const [poolRow, { user, revocations }] = await Promise.all([
    repos.pools.getCached(poolId),
    repos.revocations.findWithUser(claims.sub,
      typeof claims.origin_jti === 'string' ? [userKey(claims.sub), familyKey(claims.origin_jti)] : [userKey(claims.sub)]),
  ]);
  if (!poolRow) throw invalid();
  const publicKey = await publicKeyFor(services, poolId, decoded.header.kid);
  if (!publicKey) throw invalid();
  if (known?.key !== publicKey && !verified.verify(token, decoded, publicKey, services.clock.now())) throw invalid();

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

  if (!user || user.poolId !== poolId) throw errors.userNotFound('User does not exist.');
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  return { pool: viewOfCached(poolRow, services.caches.poolViews), user, clientId: claims.client_id, claims };
}
