import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { adminUser, getDevice } from './operations.ts';

/** AdminGetDevice: a user's confirmed device (the operation declares no UserNotFoundException). */
export const adminGetDevice: Handler<'AdminGetDevice'> = async (input, ctx) => {
  const user = await adminUser(ctx.services, input.UserPoolId, input.Username, () => errors.resourceNotFound('User does not exist.'));
  return { Device: await getDevice(ctx.services, user, input.DeviceKey) };
};
