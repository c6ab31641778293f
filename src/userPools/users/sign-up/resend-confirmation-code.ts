import { errors } from '../../../errors.ts';
import { CODE_TTL } from '../../codes/codes.ts';
import type { Handler } from '../../context.ts';
import { composeCode, signUpTarget, writeCode } from '../delivery.ts';
import { hiddenUser, sendDecoyCode, simulatedTarget } from '../hidden-users.ts';
import { findUserOrHide, hidesUsers, resolvePublicCall } from '../public-client.ts';
import { countAttempt } from '../rate-limit.ts';
import { changeUser } from '../directory/save.ts';

const notAutoVerified = () => errors.invalidParameter('Cannot resend codes. Auto verification not turned on.');

/**
 * A fresh sign-up code. A client that hides users answers an unknown or disabled user (or one
 * without the auto-verified contact) with a simulated delivery, after the same counted attempt
 * and an equally durable decoy write (hidden-users.ts); a pool that verifies nothing refuses
 * everyone alike.
 */
export const resendConfirmationCode: Handler<'ResendConfirmationCode'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId, input.Username, input.SecretHash);
  const user = await findUserOrHide(store, call, input.Username);
  const hide = !user || (hidesUsers(call) && !user.enabled);
  if (user && !hide && user.status === 'CONFIRMED') throw errors.invalidParameter('User is already confirmed.');
  const target = user && !hide ? signUpTarget(call.pool, user.attributes) : undefined;
  if (hide || (!target && hidesUsers(call))) {
    const hidden = await hiddenUser(ctx.services, call.pool, input.Username, user);
    const simulated = simulatedTarget(call.pool, hidden, 'signup');
    if (!simulated) throw notAutoVerified();
    await countAttempt(store, 'resendConfirmationCode', hidden.subject, clock.now());
    return { CodeDeliveryDetails: await sendDecoyCode(ctx.services, call.pool, hidden, simulated, 'signup', CODE_TTL.signup, { stateRow: true }) };
  }
  if (!target) throw notAutoVerified();
  const now = clock.now();
  await countAttempt(store, 'resendConfirmationCode', user!.id, now);

  const composed = await composeCode({ ctx, clientId: call.client.id, clientMetadata: input.ClientMetadata }, call.pool, user!, target, 'ResendCode');
  const delivery = await store.transaction(async (tx) => {
    await changeUser(tx, call.pool, user!.id, (current) => {
      if (current.status === 'CONFIRMED') throw errors.invalidParameter('User is already confirmed.');
      return { ...current, state: { ...current.state, signUpCodeSentTo: target.attribute } };
    });
    return writeCode(tx, ctx.services, call.pool, user!, composed, 'signup', CODE_TTL.signup, 'resend');
  });
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails: delivery };
};
