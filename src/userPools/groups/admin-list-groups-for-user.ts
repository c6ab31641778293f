import type { Handler } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { toGroupType } from './group-type.ts';
import { limitedPage } from './paging.ts';

export const adminListGroupsForUser: Handler<'AdminListGroupsForUser'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  const user = await requireUser(store, pool, input.Username);
  const page = await limitedPage(input.Limit, input.NextToken, (page) => store.groups.listGroupsOf(user.id, page));
  return { Groups: page.items.map(toGroupType), ...(page.next ? { NextToken: page.next } : {}) };
};
