import { errors } from '../../../errors.ts';
import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { requireUser } from '../directory/lookup.ts';
import { composeResetCode, requireRecoveryTarget, writeResetCode } from './password-reset.ts';
import { composedFor, withRecomposition } from '../../self/verification.ts';
import { countAttempt } from '../rate-limit.ts';
import { changeUser } from '../directory/save.ts';

/** RESET_REQUIRED: the old password no longer signs in; the code sent lets the user choose a new one. */
export const adminResetUserPassword: Handler<'AdminResetUserPassword'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  // As Cognito: a disabled user is enabled again (AdminEnableUser) before a reset.
  const refuseDisabled = (u: { enabled: boolean }) => { if (!u.enabled) throw errors.notAuthorized('User is disabled.'); };
  refuseDisabled(user);
  requireRecoveryTarget(pool, user);
  const now = clock.now();
  await countAttempt(store, 'forgotPassword', user.id, now);
  await withRecomposition(async () => {
    // Composed (CustomMessage) on the row as last read; the transaction starts over if the
    // user's recovery address changed meanwhile.
    const fresh = (await store.users.get(user.id)) ?? user;
    const composed = await composeResetCode({ ctx, clientMetadata: input.ClientMetadata }, pool, fresh, requireRecoveryTarget(pool, fresh));
    await store.transaction(async (tx) => {
      const current = await changeUser(tx, pool, user.id, (u) => {
        refuseDisabled(u);
        return { ...u, status: 'RESET_REQUIRED', updatedAt: now };
      });
      const target = requireRecoveryTarget(pool, current);
      await writeResetCode(tx, ctx.services, pool, current, composedFor([composed], target.attribute, target.destination));
    });
  });
  ctx.services.notifyOutbox();
  return {};
};
