/**
 * Starting a password reset (ForgotPassword, AdminResetUserPassword): a code to the user's
 * first verified contact in the pool's recovery order, composed first (CustomMessage), then
 * queued with the change that needs it.
 */
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../../errors.ts';
import type { Repos } from '../../../storage/store.ts';
import type { UserRow } from '../store.ts';
import { CODE_TTL } from '../../codes/codes.ts';
import type { Services } from '../../context.ts';
import type { PoolView } from '../../pools/pool-config.ts';
import { composeCode, recoveryTarget, writeCode, type CodeTarget, type ComposedCode } from '../delivery.ts';
import type { TriggerOrigin } from '../../triggers/custom-message.ts';

export function requireRecoveryTarget(pool: PoolView, user: UserRow): CodeTarget {
  const target = recoveryTarget(pool, user.attributes);
  if (!target) {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  }
  return target;
}

/** The reset code and its message (CustomMessage_ForgotPassword runs here: outside transactions). */
export function composeResetCode(origin: TriggerOrigin, pool: PoolView, user: UserRow, target: CodeTarget): Promise<ComposedCode> {
  return composeCode(origin, pool, user, target, 'ForgotPassword');
}

export function writeResetCode(repos: Repos, services: Services, pool: PoolView, user: UserRow, composed: ComposedCode): Promise<CodeDeliveryDetailsType> {
  return writeCode(repos, services, pool, user, composed, 'forgot', CODE_TTL.forgot, 'forgot');
}
