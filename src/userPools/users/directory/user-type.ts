/** A user as the API shows it: `UserType` (ListUsers, AdminCreateUser) and AdminGetUser's output. */
import type { AdminGetUserResponse, UserStatusType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserListing, UserRow } from '../store.ts';
import { toAttributeList } from './attributes.ts';
import { stateOf } from '../state.ts';

export function toUserType(user: Omit<UserListing, 'id'>, attributesToGet?: ReadonlySet<string>): UserType {
  return {
    Username: user.username,
    Attributes: toAttributeList(user.attributes, attributesToGet),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status as UserStatusType,
  };
}

export function toAdminGetUser(user: UserRow): AdminGetUserResponse {
  const state = stateOf(user);
  return {
    Username: user.username,
    UserAttributes: toAttributeList(user.attributes),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status as UserStatusType,
    // The legacy MFAOptions only ever described SMS MFA.
    ...(state.mfaMethods?.includes('SMS_MFA') ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {}),
    ...(state.preferredMfa ? { PreferredMfaSetting: state.preferredMfa } : {}),
    ...(state.mfaMethods?.length ? { UserMFASettingList: state.mfaMethods } : {}),
  };
}
