import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { adminUser, forgetDevice } from './operations.ts';

/** AdminForgetDevice: a user's device is forgotten, and its refresh tokens with it. */
export const adminForgetDevice: Handler<'AdminForgetDevice'> = async (input, ctx) => {
  const user = await adminUser(ctx.services, input.UserPoolId, input.Username, () => errors.userNotFound('User does not exist.'));
  await forgetDevice(ctx.services.store, user, input.DeviceKey);
  return {};
};
