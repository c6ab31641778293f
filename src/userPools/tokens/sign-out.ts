/** Signing a user out everywhere: the per-user revocation watermark. */
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import { userKey } from './revoke.ts';
import { MAX_TOKEN_LIFETIME_MS } from './signing-keys.ts';

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
