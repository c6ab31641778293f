import type { Handler } from '../context.ts';
import { getDevice as deviceOf, tokenUser } from './operations.ts';

/** GetDevice: one of the signed-in user's confirmed devices. */
export const getDevice: Handler<'GetDevice'> = async (input, ctx) =>
  ({ Device: await deviceOf(ctx.services, await tokenUser(ctx.services, input.AccessToken), input.DeviceKey) });
