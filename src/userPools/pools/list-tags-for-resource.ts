import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { requireTaggedPool, tagsOf } from './tags.ts';

export const listTagsForResource: Handler<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (input, ctx) => {
  const { store, settings } = ctx.services;
  return { Tags: tagsOf(await requireTaggedPool(store, settings, input.ResourceArn!)) };
};
