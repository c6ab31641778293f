import { consumeCode } from '../codes/codes.ts';
import type { Handler } from '../context.ts';
import { setPassword } from './credentials.ts';
import { codeSubmission } from './public-client.ts';
import { saveUser } from './save.ts';
import { stateOf } from './state.ts';

/**
 * The code from ForgotPassword / AdminResetUserPassword sets a new password and ends a reset or
 * a pending temporary password: the user is CONFIRMED. An UNCONFIRMED user stays so (resetting a
 * password does not confirm a sign-up).
 */
export const confirmForgotPassword: Handler<'ConfirmForgotPassword'> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user, now, pool } = await codeSubmission(ctx.services, input, 'confirmForgotPassword');
  const { temporaryPasswordIssuedAt: _expired, ...state } = stateOf(user);
  // Policy and history are checked before the code is spent, so a refused password can be retried with the same code.
  const updated = setPassword(ctx.services, pool, {
    ...user, status: user.status === 'UNCONFIRMED' ? 'UNCONFIRMED' : 'CONFIRMED', state: { ...state }, updatedAt: now,
  }, input.Password);
  await consumeCode(store, ctx.services, user.id, 'forgot', input.ConfirmationCode);
  await store.transaction((tx) => saveUser(tx, pool, updated));
  return {};
};
