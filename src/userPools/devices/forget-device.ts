import type { Handler } from '../context.ts';
import { forgetDevice as forget, tokenUser } from './operations.ts';

/** ForgetDevice: the signed-in user's device is forgotten, and its refresh tokens with it. */
export const forgetDevice: Handler<'ForgetDevice'> = async (input, ctx) => {
  const user = await tokenUser(ctx.services, input.AccessToken);
  await forget(ctx.services.store, user, input.DeviceKey);
  return {};
};
