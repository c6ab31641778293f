import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { MAX_TAGS, requireTaggedPool, tagsOf } from './tags.ts';

/** Adds tags, overwriting the values of keys the pool already has. */
export const tagResource: Handler<'TagResource'> = async (input, ctx) => {
  const { store, settings, clock } = ctx.services;
  await store.transaction(async (tx) => {
    const row = await requireTaggedPool(tx, settings, input.ResourceArn, 'update');
    const tags = { ...tagsOf(row), ...input.Tags };
    if (Object.keys(tags).length > MAX_TAGS) {
      throw errors.invalidParameter(`A user pool can have at most ${MAX_TAGS} tags.`);
    }
    await tx.pools.update({ ...row, config: { ...row.config, UserPoolTags: tags }, updatedAt: clock.now() });
  });
  return {};
};
