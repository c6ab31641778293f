/** Finding a pool or failing as Cognito does. */
import { errors } from '../../errors.ts';
import type { PoolRow } from './store.ts';
import type { Repos, RowLock } from '../../storage/store.ts';
import { PoolView } from './pool-config.ts';

/** The pool's row; `lock` 'update' in a transaction that rewrites its configuration from it. */
export async function requirePoolRow(repos: Repos, poolId: string, lock?: RowLock): Promise<PoolRow> {
  const row = await repos.pools.get(poolId, lock);
  if (!row) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return row;
}

export async function requirePool(repos: Repos, poolId: string): Promise<PoolView> {
  return new PoolView(await requirePoolRow(repos, poolId));
}

/**
 * For request paths that only read the pool's configuration: a copy up to CONFIG_CACHE_MS old.
 * `views` is the server's cache of views (Services.caches.poolViews).
 */
export async function requirePoolConfig(repos: Repos, poolId: string, views: WeakMap<PoolRow, PoolView>): Promise<PoolView> {
  const row = await repos.pools.getCached(poolId);
  if (!row) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return viewOfCached(row, views);
}

/** The PoolView of a row from `getCached`, built once per cached row: a cached row is shared until it expires, and so is its view. */
export function viewOfCached(row: PoolRow, views: WeakMap<PoolRow, PoolView>): PoolView {
  let view = views.get(row);
  if (!view) views.set(row, view = new PoolView(row));
  return view;
}
