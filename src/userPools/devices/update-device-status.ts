import type { DeviceStatus } from './store.ts';
import type { UserHandler } from '../context.ts';
import { updateDeviceStatus as update } from './operations.ts';

/** UpdateDeviceStatus: remembered or not_remembered, for one of the signed-in user's devices. */
export const updateDeviceStatus: UserHandler<'UpdateDeviceStatus'> = async (input, ctx) => {
  await update(ctx.services, ctx.caller.user, input.DeviceKey, input.DeviceRememberedStatus as DeviceStatus | undefined);
  return {};
};
