import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { requireUser } from './lookup.ts';
import { toAdminGetUser } from './user-type.ts';

export const adminGetUser: Handler<'AdminGetUser'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  return toAdminGetUser(await requireUser(store, pool, input.Username));
};
