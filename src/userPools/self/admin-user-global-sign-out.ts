import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { globalSignOut } from '../tokens/index.ts';
import { requireUser } from '../users/directory/lookup.ts';

export const adminUserGlobalSignOut: Handler<'AdminUserGlobalSignOut'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  await store.transaction((tx) => globalSignOut(tx, ctx.services, user.id));
  return {};
};
