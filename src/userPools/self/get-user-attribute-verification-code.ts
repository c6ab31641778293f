import { errors } from '../../errors.ts';
import type { UserHandler } from '../context.ts';
import { countAttempt } from '../users/rate-limit.ts';
import { composeVerificationCode, valueToVerify, verifiableAttribute, writeVerificationCode } from './verification.ts';

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
  const origin = { ctx, clientId: ctx.caller.clientId, clientMetadata: input.ClientMetadata };
  const composed = await composeVerificationCode(origin, pool, user, attribute, destination, 'VerifyUserAttribute');
  const CodeDeliveryDetails = await store.transaction((tx) => writeVerificationCode(tx, ctx.services, pool, user, composed));
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails };
};
