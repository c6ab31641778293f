import { CONFIG_CACHE_MS } from '../store.ts';

/**
 * Pool and client rows read on request paths, kept for CONFIG_CACHE_MS. One cache per store,
 * shared by its transactions' repositories so that their writes invalidate it too; reads inside
 * a transaction bypass it (`cache` undefined there).
 */
export class ConfigCache {
  readonly #entries = new Map<string, { row: unknown; until: number }>();
  constructor(private readonly maxEntries = 10_000) {}

  async read<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.row as T;
    const row = await load();
    if (row === undefined) return undefined;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { row, until: now + CONFIG_CACHE_MS });
    return row;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}
