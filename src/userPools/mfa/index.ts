/** MFA operations: software tokens (TOTP) and users' MFA preferences. */
import type { Handlers, UserHandlers } from '../context.ts';
import { adminDeleteSoftwareToken } from './admin-delete-software-token.ts';
import { adminSetUserMfaPreference } from './admin-set-user-mfa-preference.ts';
import { adminSetUserSettings } from './admin-set-user-settings.ts';
import { associateSoftwareToken } from './associate-software-token.ts';
import { setUserMfaPreference } from './set-user-mfa-preference.ts';
import { setUserSettings } from './set-user-settings.ts';
import { verifySoftwareToken } from './verify-software-token.ts';

/** AssociateSoftwareToken and VerifySoftwareToken take an access token or a Session: they authenticate it themselves. */
export const mfaHandlers: Handlers = {
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  AdminSetUserMFAPreference: adminSetUserMfaPreference,
  AdminSetUserSettings: adminSetUserSettings,
  AdminDeleteSoftwareToken: adminDeleteSoftwareToken,
};

export const mfaUserHandlers: UserHandlers = {
  SetUserMFAPreference: setUserMfaPreference,
  SetUserSettings: setUserSettings,
};
