/**
 * Checking a presented client secret: against every active secret of the client (two during a
 * rotation), in constant time. Used wherever a raw secret authenticates a client
 * (GetTokensFromRefreshToken, RevokeToken, GetClientToken, HTTP Basic or form auth at /oauth2/token).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { KeyVault } from '../../crypto/key-vault.ts';
import { secret2Context, secretContext, type ClientView } from './client-view.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The digest of each sealed secret's plaintext, per vault, by the sealed value and the row
 * identity it is sealed with: a grant then neither unseals nor hashes the stored secret again.
 * Only digests are held (never a secret in clear); a new or rotated secret is a new sealed value
 * (a fresh IV each time), so it is opened and hashed on its first use, and an old one is never
 * looked up again (the oldest entries go first past DIGESTS_MAX).
 */
const DIGESTS_MAX = 1_000;
const digestsByVault = new WeakMap<KeyVault, Map<string, Buffer>>();

function storedDigest(vault: KeyVault, sealed: string, context: string): Buffer {
  let digests = digestsByVault.get(vault);
  if (!digests) digestsByVault.set(vault, digests = new Map());
  const key = `${context}\n${sealed}`;
  let d = digests.get(key);
  if (!d) {
    d = digest(vault.openString(sealed, context));
    if (digests.size >= DIGESTS_MAX) digests.delete(digests.keys().next().value!);
    digests.set(key, d);
  }
  return d;
}

/**
 * Whether `given` is one of the client's secrets. Equal-length digests are compared with every
 * secret (no early exit), so the time tells neither which secret matched nor any secret's length.
 */
export function clientSecretMatches(client: ClientView, vault: KeyVault, given: string): boolean {
  const presented = digest(given);
  const { secretEnc, secret2Enc } = client.row;
  let matched = false;
  if (secretEnc !== null && timingSafeEqual(storedDigest(vault, secretEnc, secretContext(client.id)), presented)) matched = true;
  if (secret2Enc !== null && secret2Enc !== undefined && timingSafeEqual(storedDigest(vault, secret2Enc, secret2Context(client.id)), presented)) matched = true;
  return matched;
}
