import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import type { DeviceStatus } from './store.ts';
import { adminUser, updateDeviceStatus } from './operations.ts';

/** AdminUpdateDeviceStatus: remembered or not_remembered, for a user's device. */
export const adminUpdateDeviceStatus: Handler<'AdminUpdateDeviceStatus'> = async (input, ctx) => {
  const user = await adminUser(ctx.services, input.UserPoolId, input.Username, () => errors.userNotFound('User does not exist.'));
  await updateDeviceStatus(ctx.services, user, input.DeviceKey, input.DeviceRememberedStatus as DeviceStatus | undefined);
  return {};
};
