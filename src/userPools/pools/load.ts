/** Finding a pool or failing as Cognito does. */
import { errors } from '../../errors.ts';
import type { PoolRow, Repos } from '../../storage/store.ts';
import { PoolView } from './pool-config.ts';

export async function requirePoolRow(repos: Repos, poolId: string): Promise<PoolRow> {
  const row = await repos.pools.get(poolId);
  if (!row) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return row;
}

export async function requirePool(repos: Repos, poolId: string): Promise<PoolView> {
  return new PoolView(await requirePoolRow(repos, poolId));
}

/** For request paths that only read the pool's configuration: a copy up to CONFIG_CACHE_MS old. */
export async function requirePoolConfig(repos: Repos, poolId: string): Promise<PoolView> {
  const row = await repos.pools.getCached(poolId);
  if (!row) throw errors.resourceNotFound(`User pool ${poolId} does not exist.`);
  return new PoolView(row);
}
