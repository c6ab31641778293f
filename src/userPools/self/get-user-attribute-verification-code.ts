import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';
import { countAttempt } from '../users/rate-limit.ts';
import { sendVerificationCode, valueToVerify, verifiableAttribute } from './verification.ts';

/** Sends a (new) code for the user's email or phone number, or for the new value awaiting verification. */
export const getUserAttributeVerificationCode: UserHandler<'GetUserAttributeVerificationCode'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const { pool, user } = ctx.caller;
  const attribute = verifiableAttribute(input.AttributeName);
  await countAttempt(store, 'getUserAttributeVerificationCode', user.id, clock.now());
  const destination = valueToVerify(user, attribute);
  if (destination === undefined) {
    throw errors.invalidParameter(`User does not have a valid registered ${attribute === 'email' ? 'email' : 'phone number'}`);
  }
  const CodeDeliveryDetails = await store.transaction((tx) => sendVerificationCode(tx, ctx.services, pool, user, attribute, destination));
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails };
};
