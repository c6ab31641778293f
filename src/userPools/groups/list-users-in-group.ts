import type { Handler } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { toUserType } from '../users/directory/user-type.ts';
import { requireGroup } from './group-type.ts';
import { limitedPage } from './paging.ts';

export const listUsersInGroup: Handler<'ListUsersInGroup'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  const group = await requireGroup(store, pool.id, input.GroupName);
  const page = await limitedPage(input.Limit, input.NextToken, (page) => store.groups.listMembers(pool.id, group.name, page));
  return { Users: page.items.map((u) => toUserType(u)), ...(page.next ? { NextToken: page.next } : {}) };
};
