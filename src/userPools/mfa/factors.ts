/**
 * Which second factors a sign-in asks for: the pool's factors (SetUserPoolMfaConfig), the
 * user's (SetUserMFAPreference and the legacy SetUserSettings, kept in the user's state), and
 * what each factor needs of the user (a verified software token, a phone number, an email).
 *
 * - MFA OFF: none.
 * - The user's enabled factors the pool offers and the user can receive: the preferred one, or
 *   the only one, or SELECT_MFA_TYPE among them.
 * - None enabled, MFA OPTIONAL: none.
 * - None enabled, MFA ON: the factors the user already has (a verified token, a phone number for
 *   SMS, an email address), as above; with none of those, MFA_SETUP.
 */
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import { stateOf } from '../users/state.ts';

export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
/** Cognito's order wherever factors are listed (MFAS_CAN_CHOOSE, MFAS_CAN_SETUP, UserMFASettingList). */
export const FACTOR_ORDER: readonly MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

export const isMfaFactor = (name: string): name is MfaFactor => (FACTOR_ORDER as readonly string[]).includes(name);
export const inOrder = (factors: Iterable<MfaFactor>): MfaFactor[] => {
  const set = new Set(factors);
  return FACTOR_ORDER.filter((f) => set.has(f));
};

/** The factors the pool offers (none while MFA is OFF). */
export function poolFactors(pool: PoolView): MfaFactor[] {
  const f = pool.mfaFactors;
  return inOrder([...(f.sms ? ['SMS_MFA' as const] : []), ...(f.softwareToken ? ['SOFTWARE_TOKEN_MFA' as const] : []), ...(f.email ? ['EMAIL_OTP' as const] : [])]);
}

/** The factors the user turned on (UserMFASettingList). */
export const enabledFactors = (user: Pick<UserRow, 'state'>): MfaFactor[] => inOrder((stateOf(user).mfaMethods ?? []).filter(isMfaFactor));
export const preferredFactor = (user: Pick<UserRow, 'state'>): MfaFactor | undefined => {
  const preferred = stateOf(user).preferredMfa;
  return preferred && isMfaFactor(preferred) ? preferred : undefined;
};

/** Whether the user can receive `factor`'s codes: a verified token, a phone number, an email address. */
export function canReceive(user: Pick<UserRow, 'attributes'>, factor: MfaFactor, hasSoftwareToken: boolean): boolean {
  if (factor === 'SOFTWARE_TOKEN_MFA') return hasSoftwareToken;
  if (factor === 'SMS_MFA') return Boolean(user.attributes.phone_number);
  return Boolean(user.attributes.email);
}

export type MfaDecision =
  | { kind: 'none' }
  | { kind: 'setup'; canSetup: MfaFactor[] }
  | { kind: 'challenge'; factor: MfaFactor }
  | { kind: 'select'; choices: MfaFactor[] };

export function decideMfa(pool: PoolView, user: UserRow, hasSoftwareToken: boolean): MfaDecision {
  if (pool.mfaConfiguration === 'OFF') return { kind: 'none' };
  const offered = poolFactors(pool);
  const usable = (f: MfaFactor) => offered.includes(f) && canReceive(user, f, hasSoftwareToken);
  let active = enabledFactors(user).filter(usable);
  if (active.length === 0) {
    if (pool.mfaConfiguration !== 'ON') return { kind: 'none' };
    active = offered.filter(usable);
    if (active.length === 0) return { kind: 'setup', canSetup: offered };
  }
  const preferred = preferredFactor(user);
  if (preferred && active.includes(preferred)) return { kind: 'challenge', factor: preferred };
  if (active.length === 1) return { kind: 'challenge', factor: active[0]! };
  return { kind: 'select', choices: active };
}
