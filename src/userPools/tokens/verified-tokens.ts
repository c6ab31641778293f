/**
 * Access tokens whose RS256 signature this node has verified, keyed by the exact token, each kept
 * until the token's `exp`: a client calls GetUser and its kin with the same token many times, and
 * the signature check is the largest fixed cost of such a call (~45 µs). Only the signature is
 * remembered, and only for the key object that verified it (a reloaded or rotated key verifies
 * afresh); the token's claims, revocation and the user are checked on every call as before.
 * Bounded: the oldest entry makes room for a new one.
 */
import type { KeyObject } from 'node:crypto';
import { verifyJws, type DecodedJws } from './jws.ts';

const DEFAULT_MAX_ENTRIES = 10_000;

export class VerifiedTokens {
  readonly #entries = new Map<string, { key: KeyObject; until: number }>();
  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** verifyJws(decoded, publicKey), answered from memory for a token verified with this key before. */
  verify(token: string, decoded: DecodedJws, publicKey: KeyObject, nowMs: number): boolean {
    const hit = this.#entries.get(token);
    if (hit) {
      if (hit.key === publicKey && hit.until > nowMs) return true;
      this.#entries.delete(token);
    }
    if (!verifyJws(decoded, publicKey)) return false;
    const exp = decoded.payload.exp;
    if (typeof exp === 'number' && exp * 1000 > nowMs) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(token, { key: publicKey, until: exp * 1000 });
    }
    return true;
  }

  get size(): number {
    return this.#entries.size;
  }
}
