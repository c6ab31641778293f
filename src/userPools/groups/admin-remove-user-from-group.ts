import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { requireGroup } from './group-type.ts';

/** Removing a user who is not in the group succeeds and changes nothing. */
export const adminRemoveUserFromGroup: Handler<'AdminRemoveUserFromGroup'> = async (input, ctx) => {
  await ctx.services.store.transaction(async (tx) => {
    const pool = await requirePool(tx, input.UserPoolId);
    const group = await requireGroup(tx, pool.id, input.GroupName);
    const user = await requireUser(tx, pool, input.Username);
    await tx.groups.removeMember(pool.id, group.name, user.id);
  });
  return {};
};
