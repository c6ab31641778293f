import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { setMfaPreferences } from './set-preferences.ts';

export const adminSetUserMfaPreference: Handler<'AdminSetUserMFAPreference'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  await setMfaPreferences(ctx.services, pool, user.id, input);
  return {};
};
