import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireGroup, toGroupType } from './group-type.ts';

export const getGroup: Handler<'GetGroup'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  return { Group: toGroupType(await requireGroup(store, pool.id, input.GroupName)) };
};
