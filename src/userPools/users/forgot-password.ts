import type { ForgotPasswordRequest, ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requireRecoveryTarget, sendResetCode } from './password-reset.ts';
import { findUserOrHide, resolvePublicCall, simulatedDelivery } from './public-client.ts';
import { countAttempt } from './rate-limit.ts';

export const forgotPassword: Handler<ForgotPasswordRequest, ForgotPasswordResponse> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId!, input.Username!, input.SecretHash);
  // A pool whose only recovery mechanism is admin_only leaves resets to its administrators.
  if (call.pool.config.AccountRecoverySetting?.RecoveryMechanisms?.some((m) => m.Name === 'admin_only')) {
    throw errors.notAuthorized('Contact administrator to reset password.');
  }
  const user = await findUserOrHide(store, call, input.Username!);
  if (!user) return { CodeDeliveryDetails: simulatedDelivery(input.Username!) };
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  const target = requireRecoveryTarget(call.pool, user);
  await countAttempt(store, 'forgotPassword', user.id, clock.now());
  const delivery = await store.transaction((tx) => sendResetCode(tx, ctx.services, call.pool, user, target));
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails: delivery };
};
