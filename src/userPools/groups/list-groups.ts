import type { Handler } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { toGroupType } from './group-type.ts';
import { limitedPage } from './paging.ts';

export const listGroups: Handler<'ListGroups'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  const page = await limitedPage(input.Limit, input.NextToken, (page) => store.groups.list(pool.id, page));
  return { Groups: page.items.map(toGroupType), ...(page.next ? { NextToken: page.next } : {}) };
};
