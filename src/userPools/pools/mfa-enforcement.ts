/**
 * MFA is configured and stored but not yet served: no second factor is asked at sign-in. Until
 * it is, a pool must not look protected when it is not: MfaConfiguration ON is refused where it
 * is set, and a pool that has MFA on (OPTIONAL, or ON stored by an older version) is named in a
 * warning once per pool by each server.
 */
import type { UserPoolMfaType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Services } from '../context.ts';

/** CreateUserPool, UpdateUserPool and SetUserPoolMfaConfig refuse MfaConfiguration ON. */
export function refuseMfaOn(mode: UserPoolMfaType | undefined): void {
  if (mode === 'ON') {
    throw errors.invalidParameter(
      'MfaConfiguration ON is not supported: this server does not enforce MFA yet, so users would sign in without a second factor. Use OFF, or OPTIONAL (stored, not enforced).',
    );
  }
}

const warned = new WeakMap<Services, Set<string>>();

/** Logs, once per pool for this server, that the pool's MFA setting is not enforced. */
export function warnMfaNotEnforced(services: Services, poolId: string, mode: UserPoolMfaType | undefined): void {
  if (mode === undefined || mode === 'OFF') return;
  let pools = warned.get(services);
  if (!pools) warned.set(services, pools = new Set());
  if (pools.has(poolId)) return;
  pools.add(poolId);
  services.log.warn({ poolId, mfaConfiguration: mode }, `user pool ${poolId} has MfaConfiguration ${mode}, but MFA is not enforced yet: users sign in without a second factor`);
}
