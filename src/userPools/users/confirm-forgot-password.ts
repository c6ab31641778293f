import type { ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { consumeCode } from '../codes/codes.ts';
import type { Handler } from '../context.ts';
import { setPassword } from './credentials.ts';
import { findUserOrHide, resolvePublicCall } from './public-client.ts';
import { countAttempt } from './rate-limit.ts';
import { saveUser } from './save.ts';
import { stateOf } from './state.ts';

/**
 * The code from ForgotPassword / AdminResetUserPassword sets a new password and ends a reset or
 * a pending temporary password: the user is CONFIRMED. An UNCONFIRMED user stays so (resetting a
 * password does not confirm a sign-up).
 */
export const confirmForgotPassword: Handler<ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId!, input.Username!, input.SecretHash);
  const user = await findUserOrHide(store, call, input.Username!);
  if (!user) throw errors.codeMismatch('Invalid verification code provided, please try again.');
  const now = clock.now();
  await countAttempt(store, 'confirmForgotPassword', user.id, now);
  const { temporaryPasswordIssuedAt: _expired, ...state } = stateOf(user);
  // Policy and history are checked before the code is spent, so a refused password can be retried with the same code.
  const updated = setPassword(ctx.services, call.pool, {
    ...user, status: user.status === 'UNCONFIRMED' ? 'UNCONFIRMED' : 'CONFIRMED', state: { ...state }, updatedAt: now,
  }, input.Password!);
  await consumeCode(store, ctx.services, user.id, 'forgot', input.ConfirmationCode!);
  await store.transaction((tx) => saveUser(tx, call.pool, updated));
  return {};
};
