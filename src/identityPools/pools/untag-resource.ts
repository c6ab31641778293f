/** UntagResource on an identity pool ARN. */
import type { IdentityHandler } from '../context.ts';
import { poolOfArn } from './tags.ts';

export const untagResource: IdentityHandler<'UntagResource'> = async (input, { services }) => {
  await services.store.transaction(async (tx) => {
    const pool = await poolOfArn(services, tx, input.ResourceArn, 'update');
    const tags = { ...pool.tags };
    for (const key of input.TagKeys) delete tags[key];
    await tx.identityPools.updateTags(pool.id, tags, services.clock.now());
  });
  return {};
};
