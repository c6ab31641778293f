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

/** Views of cached rows: a cached row is shared until it expires, and so is its view. */
const views = new WeakMap<PoolRow, PoolView>();

/** For request paths that only read the pool's configuration: a copy up to CONFIG_CACHE_MS old. */
export async function requirePoolConfig(repos: Repos, poolId: string): Promise<PoolView> {
  const row = await repos.pools.getCached(poolId);
  if (!row) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return viewOfCached(row);
}

/** The PoolView of a row from `getCached`, built once per cached row. */
export function viewOfCached(row: PoolRow): PoolView {
  let view = views.get(row);
  if (!view) views.set(row, view = new PoolView(row));
  return view;
}
