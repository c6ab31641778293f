import type { ResendConfirmationCodeRequest, ResendConfirmationCodeResponse } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { CODE_TTL } from '../codes/codes.ts';
import type { Handler } from '../context.ts';
import { sendCode, signUpTarget } from './delivery.ts';
import { findUserOrHide, resolvePublicCall, simulatedDelivery } from './public-client.ts';
import { countAttempt } from './rate-limit.ts';
import { changeUser } from './save.ts';

export const resendConfirmationCode: Handler<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId!, input.Username!, input.SecretHash);
  const user = await findUserOrHide(store, call, input.Username!);
  if (!user) return { CodeDeliveryDetails: simulatedDelivery(input.Username!) };
  if (user.status === 'CONFIRMED') throw errors.invalidParameter('User is already confirmed.');
  const target = signUpTarget(call.pool, user.attributes);
  if (!target) throw errors.invalidParameter('Cannot resend codes. Auto verification not turned on.');
  const now = clock.now();
  await countAttempt(store, 'resendConfirmationCode', user.id, now);

  const delivery = await store.transaction(async (tx) => {
    await changeUser(tx, call.pool, user.id, (current) => {
      if (current.status === 'CONFIRMED') throw errors.invalidParameter('User is already confirmed.');
      return { ...current, state: { ...current.state, signUpCodeSentTo: target.attribute } };
    });
    return sendCode(tx, ctx.services, call.pool, user, target, 'signup', CODE_TTL.signup, 'resend');
  });
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails: delivery };
};
