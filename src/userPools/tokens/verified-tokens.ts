/**
 * Access tokens whose RS256 signature this node has verified, keyed by the exact token, each kept
 * until the token's `exp`: a client calls GetUser and its kin with the same token many times, and
 * the signature check is the largest fixed cost of such a call (~45 µs). Only the signature and
 * the token's decoded form are remembered, the signature only for the key object that verified it
 * (a reloaded or rotated key verifies afresh); the token's claims, revocation and the user are
 * checked on every call as before. The decoded header and payload are frozen: every call that
 * presents the token shares them. Bounded: the oldest entry makes room for a new one.
 */
import type { KeyObject } from 'node:crypto';
import { verifyJws, type DecodedJws } from './jws.ts';

const DEFAULT_MAX_ENTRIES = 10_000;

interface Entry { key: KeyObject; until: number; decoded: DecodedJws }

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
}

export class VerifiedTokens {
  readonly #entries = new Map<string, Entry>();
  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /**
   * The decoded form of a token verified before and not yet expired, and the key that verified
   * it (decoding a token — three base64url parts, two JSON texts — costs more than this lookup).
   */
  known(token: string, nowMs: number): { decoded: DecodedJws; key: KeyObject } | undefined {
    const hit = this.#entries.get(token);
    if (!hit) return undefined;
    if (hit.until > nowMs) return hit;
    this.#entries.delete(token);
    return undefined;
  }

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
      deepFreeze(decoded.header);
      deepFreeze(decoded.payload);
      this.#entries.set(token, { key: publicKey, until: exp * 1000, decoded });
    }
    return true;
  }

  get size(): number {
    return this.#entries.size;
  }
}
