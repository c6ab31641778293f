import type { Handler } from '../../context.ts';
import { requirePoolConfig } from '../../pools/load.ts';
import { requireUserProfile } from './lookup.ts';
import { toAdminGetUser } from './user-type.ts';

export const adminGetUser: Handler<'AdminGetUser'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePoolConfig(store, input.UserPoolId, ctx.services.caches.poolViews);
  return toAdminGetUser(await requireUserProfile(store, pool, input.Username));
};
