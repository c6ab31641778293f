import type { Handler } from '../context.ts';
import { requireTaggedPool, tagsOf } from './tags.ts';

export const listTagsForResource: Handler<'ListTagsForResource'> = async (input, ctx) => {
  const { store, settings } = ctx.services;
  return { Tags: tagsOf(await requireTaggedPool(store, settings, input.ResourceArn)) };
};
