import type { Handler } from '../../context.ts';
import { setEnabled } from './set-enabled.ts';

export const adminDisableUser: Handler<'AdminDisableUser'> = async (input, ctx) => {
  await setEnabled(input.UserPoolId, input.Username, false, ctx);
  return {};
};
