/**
 * Checking a presented client secret: against every active secret of the client (two during a
 * rotation), in constant time. Used wherever a raw secret authenticates a client
 * (GetTokensFromRefreshToken, RevokeToken, GetClientToken, HTTP Basic or form auth at /oauth2/token).
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { KeyVault } from '../../crypto/key-vault.ts';
import { secret2Context, secretContext, type ClientView } from './client-view.ts';

/** One-shot SHA-256 (`crypto.hash`: no Hash object, ~1.0 µs against ~1.6 µs for createHash's). */
const digest = (s: string): Buffer => hash('sha256', s, 'buffer');

/**
 * The digest of each stored secret's plaintext, by its sealed value and the row identity it is
 * sealed with, one per server (`Services.caches`): a secret check then neither unseals nor
 * hashes the stored secret again. Only digests are held, never a secret in clear; a new or
 * rotated secret is a new sealed value (a fresh IV each time), opened and hashed on its first
 * use, and one no longer on the row is never looked up again (the oldest go first past `max`).
 */
export class ClientSecretDigests {
  // Keyed by the sealed value alone (a string the row already holds, whose hash V8 keeps: no key
  // is built per check), the context checked beside the digest.
  readonly #digests = new Map<string, { context: string; digest: Buffer }>();
  constructor(private readonly max = 1_000) {}

  of(vault: KeyVault, sealed: string, context: string): Buffer {
    const hit = this.#digests.get(sealed);
    if (hit && hit.context === context) return hit.digest;
    const d = digest(vault.openString(sealed, context));
    if (!hit && this.#digests.size >= this.max) this.#digests.delete(this.#digests.keys().next().value!);
    this.#digests.set(sealed, { context, digest: d });
    return d;
  }
}

/**
 * Whether `given` is one of the client's secrets. Equal-length digests are compared with every
 * secret (no early exit), so the time tells neither which secret matched nor any secret's length.
 */
export function clientSecretMatches(client: ClientView, vault: KeyVault, given: string, digests?: ClientSecretDigests): boolean {
  const presented = digest(given);
  const stored = (sealed: string, context: string) => digests ? digests.of(vault, sealed, context) : digest(vault.openString(sealed, context));
  const { secretEnc, secret2Enc } = client.row;
  let matched = false;
  if (secretEnc !== null && timingSafeEqual(stored(secretEnc, secretContext(client.id)), presented)) matched = true;
  if (secret2Enc !== null && secret2Enc !== undefined && timingSafeEqual(stored(secret2Enc, secret2Context(client.id)), presented)) matched = true;
  return matched;
}
