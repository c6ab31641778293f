import { errors } from '../../../errors.ts';
import { CODE_TTL } from '../../codes/codes.ts';
import type { Handler } from '../../context.ts';
import { recoveryTarget } from '../delivery.ts';
import { hiddenUser, sendDecoyCode, simulatedTarget } from '../hidden-users.ts';
import { composeResetCode, requireRecoveryTarget, writeResetCode } from './password-reset.ts';
import { findUserOrHide, hidesUsers, resolvePublicCall } from '../public-client.ts';
import { countAttempt } from '../rate-limit.ts';
import { findUser } from '../directory/lookup.ts';
import { hasMigration, migrateUser } from '../migration.ts';

/**
 * A code to the user's first verified contact. A client that hides users answers an unknown,
 * disabled or unreachable user with a simulated delivery, after the same counted attempt and
 * an equally durable decoy write (hidden-users.ts).
 */
export const forgotPassword: Handler<'ForgotPassword'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const call = await resolvePublicCall(store, ctx.services, input.ClientId, input.Username, input.SecretHash);
  // A pool whose only recovery mechanism is admin_only leaves resets to its administrators.
  if (call.pool.config.AccountRecoverySetting?.RecoveryMechanisms?.some((m) => m.Name === 'admin_only')) {
    throw errors.notAuthorized('Contact administrator to reset password.');
  }
  const origin = { ctx, clientId: call.client.id, clientMetadata: input.ClientMetadata };
  // An unknown user may be one the pool's UserMigration trigger knows: migrated (RESET_REQUIRED), then sent a code.
  const user = hasMigration(call.pool) && !(await findUser(store, call.pool, input.Username))
    ? (await migrateUser(origin, call.pool, input.Username, 'ForgotPassword')) ?? await findUserOrHide(store, call, input.Username)
    : await findUserOrHide(store, call, input.Username);
  if (!user || (hidesUsers(call) && (!user.enabled || !recoveryTarget(call.pool, user.attributes)))) {
    const hidden = await hiddenUser(ctx.services, call.pool, input.Username, user);
    const target = simulatedTarget(call.pool, hidden, 'forgot')!;
    await countAttempt(store, 'forgotPassword', hidden.subject, clock.now());
    return { CodeDeliveryDetails: await sendDecoyCode(ctx.services, call.pool, hidden, target, 'forgot', CODE_TTL.forgot) };
  }
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  const target = requireRecoveryTarget(call.pool, user);
  await countAttempt(store, 'forgotPassword', user.id, clock.now());
  const composed = await composeResetCode(origin, call.pool, user, target);
  const delivery = await store.transaction((tx) => writeResetCode(tx, ctx.services, call.pool, user, composed));
  ctx.services.notifyOutbox();
  return { CodeDeliveryDetails: delivery };
};
