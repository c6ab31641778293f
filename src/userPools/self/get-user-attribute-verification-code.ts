import type {
  GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { countAttempt } from '../users/rate-limit.ts';
import { authenticate } from './access.ts';
import { sendVerificationCode, valueToVerify, verifiableAttribute } from './verification.ts';

/** Sends a (new) code for the user's email or phone number, or for the new value awaiting verification. */
export const getUserAttributeVerificationCode: Handler<
  GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse
> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const { pool, user } = await authenticate(ctx, input.AccessToken!);
  const attribute = verifiableAttribute(input.AttributeName!);
  await countAttempt(store, 'getUserAttributeVerificationCode', user.id, clock.now());
  const destination = valueToVerify(user, attribute);
  if (destination === undefined) {
    throw errors.invalidParameter(`User does not have a valid registered ${attribute === 'email' ? 'email' : 'phone number'}`);
  }
  const CodeDeliveryDetails = await store.transaction((tx) => sendVerificationCode(tx, ctx.services, pool, user, attribute, destination));
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails };
};
