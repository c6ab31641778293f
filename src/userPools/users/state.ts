/**
 * The typed view of `UserRow.state`: per-user facts that are neither attributes nor credentials.
 * Other concerns read these keys (sign-in expires temporary passwords; MFA fills its own).
 */
import type { UserRow } from './store.ts';

export interface UserState {
  /** When the current temporary password was issued (AdminCreateUser): sign-in refuses it after TemporaryPasswordValidityDays. */
  temporaryPasswordIssuedAt?: number;
  /** Which attribute the sign-up confirmation code went to, so ConfirmSignUp verifies that one. */
  signUpCodeSentTo?: 'email' | 'phone_number';
  /** MFA preferences, as AdminGetUser reports them (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`). */
  preferredMfa?: string;
  mfaMethods?: string[];
  /** WebAuthnMfaSettings.Enabled: a passkey sign-in counts as MFA where the pool allows it (passkeys/relying-party.ts `passkeyIsMfa`). */
  webAuthnMfa?: boolean;
  /**
   * New email / phone values waiting for verification when the pool keeps the original value
   * until then (UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate).
   */
  pendingAttributes?: Partial<Record<'email' | 'phone_number', string>>;
}

export const stateOf = (user: Pick<UserRow, 'state'>): UserState => user.state;
