/**
 * Checking a presented client secret: against every active secret of the client (two during a
 * rotation), in constant time. Used wherever a raw secret authenticates a client
 * (GetTokensFromRefreshToken, RevokeToken, GetClientToken, HTTP Basic or form auth at /oauth2/token).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KeyVault } from '../../crypto/key-vault.ts';
import type { ClientView } from './client-view.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether `given` is one of the client's secrets. Equal-length digests are compared with every
 * secret (no early exit), so the time tells neither which secret matched nor any secret's length.
 */
export function clientSecretMatches(client: ClientView, vault: KeyVault, given: string): boolean {
  const presented = digest(given);
  let matched = false;
  for (const secret of client.secrets(vault)) {
    if (timingSafeEqual(digest(secret), presented)) matched = true;
  }
  return matched;
}
