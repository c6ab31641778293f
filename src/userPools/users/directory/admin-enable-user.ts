import type { Handler } from '../../context.ts';
import { setEnabled } from './set-enabled.ts';

export const adminEnableUser: Handler<'AdminEnableUser'> = async (input, ctx) => {
  await setEnabled(input.UserPoolId, input.Username, true, ctx);
  return {};
};
