/** A user as the API shows it: `UserType` (ListUsers, AdminCreateUser) and AdminGetUser's output. */
import type { AdminGetUserResponse, AttributeType, UserStatusType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import { epochSeconds, wireReady } from '../../../protocol/wire-ready.ts';
import type { UserListing, UserProfile } from '../store.ts';
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

/**
 * A page of users (ListUsers) in the answer encoder's wire form (protocol/wire-ready.ts): the
 * bytes `toUserType`'s would encode to, without the Dates and without the encoder's copy of each
 * user. A page holding a value outside the wire form's assumptions (an attribute value or a
 * member that is not a string, a non-boolean Enabled) gets `toUserType`'s objects instead.
 */
export function toWireUsers(users: readonly Omit<UserListing, 'id'>[], attributesToGet?: ReadonlySet<string>): UserType[] {
  const out = new Array<WireUser>(users.length);
  for (let i = 0; i < users.length; i++) {
    const user = users[i]!;
    const attributes = toAttributeList(user.attributes, attributesToGet);
    if (typeof user.username !== 'string' || typeof user.status !== 'string' || typeof user.enabled !== 'boolean'
      || attributes.some((a) => typeof a.Value !== 'string')) {
      return users.map((u) => toUserType(u, attributesToGet));
    }
    out[i] = {
      Username: user.username,
      Attributes: attributes,
      UserCreateDate: epochSeconds(user.createdAt),
      UserLastModifiedDate: epochSeconds(user.updatedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
    };
  }
  // The handler's answer type names Dates; the encoder writes these numbers where it would write them.
  return wireReady(out) as unknown as UserType[];
}

/** `UserType` as the encoder writes it: the same members in the same order, the dates in seconds. */
interface WireUser {
  Username: string;
  Attributes: AttributeType[];
  UserCreateDate: number;
  UserLastModifiedDate: number;
  Enabled: boolean;
  UserStatus: string;
}

export function toAdminGetUser(user: UserProfile): AdminGetUserResponse {
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
