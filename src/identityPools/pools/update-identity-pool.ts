/** UpdateIdentityPool: replaces the pool's settings (the developer provider name cannot change once set). */
import type { IdentityHandler } from '../context.ts';
import { configOf, identityPoolOf } from './config.ts';
import { requireIdentityPool } from './load.ts';
import { checkTags } from './tags.ts';

export const updateIdentityPool: IdentityHandler<'UpdateIdentityPool'> = async (input, { services }) => {
  return services.store.transaction(async (tx) => {
    const pool = await requireIdentityPool(tx, input.IdentityPoolId, 'update');
    const config = configOf(input, pool.config);
    const now = services.clock.now();
    await tx.identityPools.updateConfig(pool.id, input.IdentityPoolName, config, now);
    let tags = pool.tags;
    if (input.IdentityPoolTags !== undefined) {
      checkTags(input.IdentityPoolTags);
      tags = { ...input.IdentityPoolTags };
      await tx.identityPools.updateTags(pool.id, tags, now);
    }
    return identityPoolOf({ ...pool, name: input.IdentityPoolName, config, tags, updatedAt: now });
  });
};
