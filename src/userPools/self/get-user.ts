import type { UserHandler } from '../context.ts';
import { toAttributeList } from '../users/directory/attributes.ts';
import { stateOf } from '../users/state.ts';
import { clientOf } from './access.ts';

/** The signed-in user, with only the attributes the token's app client may read (`sub` always). */
export const getUser: UserHandler<'GetUser'> = async (input, ctx) => {
  const { user } = ctx.caller;
  const client = await clientOf(ctx.services, ctx.caller);
  const read = client.readAttributes;
  const readable = read && read.length > 0 ? new Set(['sub', ...read]) : undefined;
  const state = stateOf(user);
  return {
    Username: user.username,
    UserAttributes: toAttributeList(user.attributes, readable),
    // The legacy MFAOptions only ever described SMS MFA.
    ...(state.mfaMethods?.includes('SMS_MFA') ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {}),
    ...(state.preferredMfa ? { PreferredMfaSetting: state.preferredMfa } : {}),
    ...(state.mfaMethods?.length ? { UserMFASettingList: state.mfaMethods } : {}),
  };
};
