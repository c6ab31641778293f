import type { AdminDisableUserRequest, AdminDisableUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { setEnabled } from './set-enabled.ts';

export const adminDisableUser: Handler<AdminDisableUserRequest, AdminDisableUserResponse> = async (input, ctx) => {
  await setEnabled(input.UserPoolId!, input.Username!, false, ctx);
  return {};
};
