import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireGroup } from './group-type.ts';

/** Deleting a group also ends its memberships. */
export const deleteGroup: Handler<'DeleteGroup'> = async (input, ctx) => {
  await ctx.services.store.transaction(async (tx) => {
    const pool = await requirePool(tx, input.UserPoolId);
    const group = await requireGroup(tx, pool.id, input.GroupName);
    await tx.groups.delete(pool.id, group.name);
  });
  return {};
};
