import type { AdminEnableUserRequest, AdminEnableUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { setEnabled } from './set-enabled.ts';

export const adminEnableUser: Handler<AdminEnableUserRequest, AdminEnableUserResponse> = async (input, ctx) => {
  await setEnabled(input.UserPoolId!, input.Username!, true, ctx);
  return {};
};
