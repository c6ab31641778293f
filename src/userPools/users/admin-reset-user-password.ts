import type { AdminResetUserPasswordRequest, AdminResetUserPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from './lookup.ts';
import { requireRecoveryTarget, sendResetCode } from './password-reset.ts';
import { countAttempt } from './rate-limit.ts';
import { changeUser } from './save.ts';

/** RESET_REQUIRED: the old password no longer signs in; the code sent lets the user choose a new one. */
export const adminResetUserPassword: Handler<AdminResetUserPasswordRequest, AdminResetUserPasswordResponse> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId!);
  const user = await requireUser(store, pool, input.Username!);
  requireRecoveryTarget(pool, user);
  const now = clock.now();
  await countAttempt(store, 'forgotPassword', user.id, now);
  await store.transaction(async (tx) => {
    const current = await changeUser(tx, pool, user.id, (u) => ({ ...u, status: 'RESET_REQUIRED', updatedAt: now }));
    await sendResetCode(tx, ctx.services, pool, current, requireRecoveryTarget(pool, current));
  });
  ctx.services.notifyOutbox();
  return {};
};
