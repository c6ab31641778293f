import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { setUserSettings } from './user-settings.ts';

export const adminSetUserSettings: Handler<'AdminSetUserSettings'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  await setUserSettings(ctx.services, pool, user.id, input.MFAOptions);
  return {};
};
