/**
 * Each pool's custom scopes (`<identifier>/<scopeName>`) for request paths that only read them
 * (the client credentials grant): kept for CONFIG_CACHE_MS, as the pool's cached view, and
 * forgotten by this node's resource server writes, so a change made here applies here at once
 * and one made on another node within CONFIG_CACHE_MS. One per server (Services.caches).
 */
import { CONFIG_CACHE_MS, type Repos } from '../../storage/store.ts';
import { customScopes } from './rules.ts';

export class CustomScopesCache {
  readonly #entries = new Map<string, { scopes: ReadonlySet<string>; until: number }>();
  /** Bumped by every forget: a read that started before one does not store what it read. */
  #generation = 0;
  constructor(private readonly maxEntries = 10_000) {}

  async get(repos: Repos, poolId: string): Promise<ReadonlySet<string>> {
    const now = Date.now();
    const hit = this.#entries.get(poolId);
    if (hit && hit.until > now) return hit.scopes;
    const generation = this.#generation;
    const scopes = await customScopes(repos, poolId);
    if (generation === this.#generation) {
      if (this.#entries.size >= this.maxEntries) this.#entries.clear();
      this.#entries.set(poolId, { scopes, until: now + CONFIG_CACHE_MS });
    }
    return scopes;
  }

  /** After a write to the pool's resource servers (even a failed one): a read in flight meanwhile is not stored. */
  forget(poolId: string): void {
    this.#generation++;
    this.#entries.delete(poolId);
  }
}
