import type { UserHandler } from '../context.ts';
import { setMfaPreferences } from './set-preferences.ts';

export const setUserMfaPreference: UserHandler<'SetUserMFAPreference'> = async (input, ctx) => {
  await setMfaPreferences(ctx.services, ctx.caller.pool, ctx.caller.user.id, input);
  return {};
};
