/**
 * A user's MFA settings as they live in the user's state: the factors turned on
 * (`mfaMethods`, shown as UserMFASettingList) and the preferred one (`preferredMfa`,
 * PreferredMfaSetting). Pure: the callers write the result with `changeUser`.
 */
import type { UserState } from '../users/state.ts';
import { inOrder, isMfaFactor, type MfaFactor } from './factors.ts';

export interface FactorSetting {
  enabled?: boolean | undefined;
  preferred?: boolean | undefined;
}

/** The state with `factor` turned on or off, and made preferred or not, as `setting` says. */
export function applySetting(state: UserState, factor: MfaFactor, setting: FactorSetting): UserState {
  let methods = (state.mfaMethods ?? []).filter(isMfaFactor);
  let preferred = state.preferredMfa;
  if (setting.enabled === true) methods = inOrder([...methods, factor]);
  if (setting.enabled === false) methods = methods.filter((m) => m !== factor);
  if (setting.preferred === true && setting.enabled !== false) preferred = factor;
  if ((setting.preferred === false || setting.enabled === false) && preferred === factor) preferred = undefined;
  const { mfaMethods: _m, preferredMfa: _p, ...rest } = state;
  return { ...rest, ...(methods.length ? { mfaMethods: methods } : {}), ...(preferred ? { preferredMfa: preferred } : {}) };
}
