import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { requireGroup } from './group-type.ts';

/** Cognito's quota: a user belongs to at most 100 groups. */
const MAX_GROUPS_PER_USER = 100;

/** Adding a user to a group they are already in succeeds and changes nothing. */
export const adminAddUserToGroup: Handler<'AdminAddUserToGroup'> = async (input, ctx) => {
  await ctx.services.store.transaction(async (tx) => {
    const pool = await requirePool(tx, input.UserPoolId);
    // The group shared (a concurrent DeleteGroup waits, or has already removed it), the user
    // exclusively (concurrent adds of one user count their groups one after the other).
    const group = await requireGroup(tx, pool.id, input.GroupName, 'share');
    const user = await requireUser(tx, pool, input.Username);
    if (!(await tx.users.get(user.id, 'update'))) throw errors.userNotFound('User does not exist.');
    const current = await tx.groups.groupsOf(user.id);
    if (current.some((g) => g.name === group.name)) return;
    if (current.length >= MAX_GROUPS_PER_USER) {
      throw errors.limitExceeded(`A user can be a member of at most ${MAX_GROUPS_PER_USER} groups.`);
    }
    await tx.groups.addMember(pool.id, group.name, user.id);
  });
  return {};
};
