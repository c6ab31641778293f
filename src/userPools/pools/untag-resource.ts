import type { Handler } from '../context.ts';
import { requireTaggedPool, tagsOf } from './tags.ts';

/** Removes the named tags; keys the pool does not have are ignored. */
export const untagResource: Handler<'UntagResource'> = async (input, ctx) => {
  const { store, settings, clock } = ctx.services;
  await store.transaction(async (tx) => {
    const row = await requireTaggedPool(tx, settings, input.ResourceArn, 'update');
    const removed = new Set(input.TagKeys);
    const tags = Object.fromEntries(Object.entries(tagsOf(row)).filter(([key]) => !removed.has(key)));
    await tx.pools.update({ ...row, config: { ...row.config, UserPoolTags: tags }, updatedAt: clock.now() });
  });
  return {};
};
