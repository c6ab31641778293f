/** Refreshing tokens: REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken, with rotation and reuse detection. */
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Store } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import { authenticationResult, mintPair, refreshTokenRow, type MintInput, type TokenClient } from './issue.ts';
import { hashRefreshToken, looksLikeRefreshToken, mintRefreshToken } from './refresh-token.ts';
import { familyKey, revokeFamily, userKey } from './revoke.ts';
import type { TokenOverrides } from './customise.ts';
import type { UserRow } from '../users/store.ts';

/**
 * New ID and access tokens for a refresh token (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken).
 * They keep the family's `auth_time` and `origin_jti`. With `rotate` (the client has refresh
 * token rotation, and the caller is GetTokensFromRefreshToken) a new refresh token is returned
 * and the presented one keeps working only for the client's RetryGracePeriodSeconds.
 *
 * Errors: NotAuthorizedException `Invalid Refresh Token` (unknown, malformed, another
 * client's, or issued to a device that is not named, not confirmed or forgotten), `Refresh Token has been revoked`, `Refresh Token has expired`, `User is disabled.`;
 * RefreshTokenReuseException when a rotated-out token is used after its grace period (without
 * `rotate`, that reads as revoked); UserNotFoundException `User does not exist.` when the user
 * was deleted (what Cognito answers a refresh for a deleted user).
 */
export async function refreshTokens(
  store: Store,
  services: Services,
  input: {
    client: TokenClient; refreshToken: string; rotate: boolean; deviceKey?: string;
    /**
     * The pre token generation trigger (TokenGeneration_RefreshTokens) for the token's user,
     * run before the transaction, on the rows as read then (a refusal decided in the
     * transaction still wins).
     */
    customise?: (user: UserRow) => Promise<TokenOverrides | undefined>;
  },
): Promise<AuthenticationResultType> {
  const tokenHash = looksLikeRefreshToken(input.refreshToken) ? hashRefreshToken(input.refreshToken) : undefined;
  let overrides: TokenOverrides | undefined;
  if (input.customise && tokenHash !== undefined) {
    const seen = await store.refreshTokens.get(tokenHash);
    const owner = seen && seen.clientId === input.client.id && seen.revokedAt === null ? await store.users.get(seen.userId) : undefined;
    if (owner && owner.enabled && owner.poolId === seen!.poolId) overrides = await input.customise(owner);
  }
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
    // A token issued to a tracked device refreshes only with that device's key, while the device
    // is confirmed and not forgotten (its row read shared: ForgetDevice deletes it).
    if (row.deviceKey !== null) {
      const device = input.deviceKey === row.deviceKey ? await tx.devices.get(row.deviceKey, 'share') : undefined;
      if (!device || device.userId !== row.userId || device.verifier === null) return { refusal: errors.notAuthorized('Invalid Refresh Token') };
    }

    const mint: MintInput = {
      poolId: row.poolId, client: input.client, user, authTime: Math.floor(row.authTime / 1000),
      originJti: row.originJti, deviceKey: row.deviceKey ?? undefined, issuedAtMs: now, overrides,
      // A family issued through /oauth2/token keeps its scopes and resource, whichever endpoint refreshes it.
      ...(row.scope ? { oauth: { scope: row.scope, audience: row.audience ?? undefined } } : {}),
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
      scope: row.scope, audience: row.audience,
    }));
    return { mint, refreshToken: successor };
  });
  if ('refusal' in outcome) throw outcome.refusal;
  return authenticationResult(await mintPair(store, services, outcome.mint), input.client, outcome.refreshToken);
}

const reuseError = (rotate: boolean) => rotate
  ? errors.refreshTokenReuse('Refresh Token has been used and is no longer valid')
  : errors.notAuthorized('Refresh Token has been revoked');
