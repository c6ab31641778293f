import type { Handler } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { requireGroup, toGroupType } from './group-type.ts';

export const getGroup: Handler<'GetGroup'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  return { Group: toGroupType(await requireGroup(store, pool.id, input.GroupName)) };
};
