/**
 * The storage port of user pools: the pool row (its configuration typed) and its repository,
 * implemented in storage/sql/pools.ts. Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';
import type { PoolConfig } from './pool-config.ts';

export interface PoolRow {
  id: string;
  name: string;
  /** The pool's configuration as the API describes it, minus id, name, dates and counts. */
  config: PoolConfig;
  userCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface PoolRepo {
  insert(pool: PoolRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<PoolRow | undefined>;
  /** `get`, possibly up to CONFIG_CACHE_MS stale; inside a transaction always fresh. Do not mutate the row. */
  getCached(id: string): Promise<PoolRow | undefined>;
  /** Writes the name and configuration (not the user count). */
  update(pool: PoolRow): Promise<void>;
  delete(id: string): Promise<void>;
  list(page: PageRequest): Promise<Page<PoolRow>>;
  adjustUserCount(id: string, delta: number): Promise<void>;
}
