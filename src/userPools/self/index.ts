/**
 * The signed-in user's own operations, authorised by an access token (the dispatcher
 * authenticates it and hands the handler a `user` caller), and the admin sign-out.
 */
import type { Handlers, UserHandlers } from '../context.ts';
import { adminUserGlobalSignOut } from './admin-user-global-sign-out.ts';
import { changePassword } from './change-password.ts';
import { deleteUserAttributes } from './delete-user-attributes.ts';
import { deleteUser } from './delete-user.ts';
import { getUserAttributeVerificationCode } from './get-user-attribute-verification-code.ts';
import { getUser } from './get-user.ts';
import { globalSignOut } from './global-sign-out.ts';
import { updateUserAttributes } from './update-user-attributes.ts';
import { verifyUserAttribute } from './verify-user-attribute.ts';

export const selfHandlers: UserHandlers = {
  GetUser: getUser,
  DeleteUser: deleteUser,
  UpdateUserAttributes: updateUserAttributes,
  VerifyUserAttribute: verifyUserAttribute,
  GetUserAttributeVerificationCode: getUserAttributeVerificationCode,
  DeleteUserAttributes: deleteUserAttributes,
  ChangePassword: changePassword,
  GlobalSignOut: globalSignOut,
};

export const selfAdminHandlers: Handlers = {
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
};
