/** User operations. */
import type { Handlers } from '../context.ts';
import { adminConfirmSignUp } from './sign-up/admin-confirm-sign-up.ts';
import { adminCreateUser } from './directory/admin-create-user.ts';
import { adminDeleteUserAttributes } from './directory/admin-delete-user-attributes.ts';
import { adminDeleteUser } from './directory/admin-delete-user.ts';
import { adminDisableUser } from './directory/admin-disable-user.ts';
import { adminEnableUser } from './directory/admin-enable-user.ts';
import { adminGetUser } from './directory/admin-get-user.ts';
import { adminResetUserPassword } from './recovery/admin-reset-user-password.ts';
import { adminSetUserPassword } from './directory/admin-set-user-password.ts';
import { adminUpdateUserAttributes } from './directory/admin-update-user-attributes.ts';
import { confirmForgotPassword } from './recovery/confirm-forgot-password.ts';
import { confirmSignUp } from './sign-up/confirm-sign-up.ts';
import { forgotPassword } from './recovery/forgot-password.ts';
import { listUsers } from './directory/list-users.ts';
import { resendConfirmationCode } from './sign-up/resend-confirmation-code.ts';
import { signUp } from './sign-up/sign-up.ts';

export const userHandlers: Handlers = {
  SignUp: signUp,
  ConfirmSignUp: confirmSignUp,
  ResendConfirmationCode: resendConfirmationCode,
  AdminConfirmSignUp: adminConfirmSignUp,
  AdminCreateUser: adminCreateUser,
  AdminGetUser: adminGetUser,
  AdminDeleteUser: adminDeleteUser,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminDeleteUserAttributes: adminDeleteUserAttributes,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminResetUserPassword: adminResetUserPassword,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
  ListUsers: listUsers,
};
