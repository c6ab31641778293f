import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { requireUser } from './lookup.ts';

/** Indexes, codes and group memberships go with the row (foreign keys cascade). */
export const adminDeleteUser: Handler<'AdminDeleteUser'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  await store.transaction(async (tx) => {
    // Counted once, by the one delete that removed the row (a concurrent one removes nothing).
    if (await tx.users.delete(user.id)) await tx.pools.adjustUserCount(pool.id, -1);
  });
  return {};
};
