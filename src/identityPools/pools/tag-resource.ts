/** TagResource on an identity pool ARN. */
import type { IdentityHandler } from '../context.ts';
import { checkTags, poolOfArn } from './tags.ts';

export const tagResource: IdentityHandler<'TagResource'> = async (input, { services }) => {
  await services.store.transaction(async (tx) => {
    const pool = await poolOfArn(services, tx, input.ResourceArn, 'update');
    const tags = { ...pool.tags, ...input.Tags };
    checkTags(tags);
    await tx.identityPools.updateTags(pool.id, tags, services.clock.now());
  });
  return {};
};
