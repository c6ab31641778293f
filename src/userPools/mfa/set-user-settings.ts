import type { UserHandler } from '../context.ts';
import { setUserSettings as apply } from './user-settings.ts';

export const setUserSettings: UserHandler<'SetUserSettings'> = async (input, ctx) => {
  await apply(ctx.services, ctx.caller.pool, ctx.caller.user.id, input.MFAOptions);
  return {};
};
