import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { adminUser, listDevices } from './operations.ts';

/** AdminListDevices: a user's confirmed devices (the operation declares no UserNotFoundException). */
export const adminListDevices: Handler<'AdminListDevices'> = async (input, ctx) => {
  const user = await adminUser(ctx.services, input.UserPoolId, input.Username, () => errors.resourceNotFound('User does not exist.'));
  return listDevices(ctx.services, user, input.Limit, input.PaginationToken);
};
