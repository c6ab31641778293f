import { checkCode, spendCode } from '../../codes/codes.ts';
import type { Handler } from '../../context.ts';
import { setPassword } from '../credentials.ts';
import { codeSubmission } from '../public-client.ts';
import { changeUser } from '../directory/save.ts';
import { stateOf } from '../state.ts';
import { postConfirmation } from '../../triggers/lifecycle.ts';

/**
 * The code from ForgotPassword / AdminResetUserPassword sets a new password and ends a reset or
 * a pending temporary password: the user is CONFIRMED. An UNCONFIRMED user stays so (resetting a
 * password does not confirm a sign-up).
 */
export const confirmForgotPassword: Handler<'ConfirmForgotPassword'> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user, now, pool, client } = await codeSubmission(ctx.services, input, 'confirmForgotPassword');
  // Policy and history are checked before the code is spent, so a refused password can be retried with the same code.
  const { credentialsEnc } = setPassword(ctx.services, pool, user, input.Password);
  const code = await checkCode(store, ctx.services, user.id, 'forgot', input.ConfirmationCode);
  const changed = await store.transaction(async (tx) => {
    await spendCode(tx, code);
    return changeUser(tx, pool, user.id, (current) => {
      const { temporaryPasswordIssuedAt: _expired, ...state } = stateOf(current);
      return {
        ...current, credentialsEnc, status: current.status === 'UNCONFIRMED' ? 'UNCONFIRMED' : 'CONFIRMED', state: { ...state }, updatedAt: now,
      };
    });
  });
  // After the commit: a failing PostConfirmation fails the call, the password stays changed (as on Cognito).
  await postConfirmation({ ctx, clientId: client.id, clientMetadata: input.ClientMetadata }, pool, 'ConfirmForgotPassword', changed);
  return {};
};
