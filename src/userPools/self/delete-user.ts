import type { UserHandler } from '../context.ts';

/**
 * The signed-in user deletes their own account. Indexes, codes and memberships go with the row;
 * the user's refresh tokens then fail with "User does not exist.".
 */
export const deleteUser: UserHandler<'DeleteUser'> = async (input, ctx) => {
  const { store } = ctx.services;
  const { pool, user } = ctx.caller;
  await store.transaction(async (tx) => {
    // Counted once, by the one delete that removed the row (a concurrent one removes nothing).
    if (await tx.users.delete(user.id)) await tx.pools.adjustUserCount(pool.id, -1);
  });
  return {};
};
