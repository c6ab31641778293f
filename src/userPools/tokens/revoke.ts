/**
 * Revocation: by refresh-token family (`origin_jti`; RevokeToken, and a rotated-out token's
 * reuse) and by per-user watermark (GlobalSignOut, sign-out.ts). A revocation record, keyed by
 * the keys below, also refuses the ID and access tokens issued before it.
 */
import { errors } from '../../errors.ts';
import type { Repos, Store } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import type { TokenClient } from './issue.ts';
import { decodeJws } from './jws.ts';
import { hashRefreshToken, looksLikeRefreshToken } from './refresh-token.ts';
import { MAX_TOKEN_LIFETIME_MS } from './signing-keys.ts';

export const familyKey = (originJti: string) => `family:${originJti}`;
export const userKey = (userId: string) => `user:${userId}`;

/** Revokes a family's refresh tokens and, through its revocation record, its ID and access tokens. */
export async function revokeFamily(repos: Repos, originJti: string, now: number): Promise<void> {
  await repos.refreshTokens.revokeFamily(originJti, now);
  await repos.revocations.put(familyKey(originJti), now, now + MAX_TOKEN_LIFETIME_MS);
}

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
