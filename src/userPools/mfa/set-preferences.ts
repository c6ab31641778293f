/**
 * SetUserMFAPreference / AdminSetUserMFAPreference: turns each factor named on or off and
 * marks at most one preferred, in one locked write of the user (settings not named stay as
 * they are). A factor is turned on only when the user can receive it: a verified software
 * token, a phone number, an email address. WebAuthnMfaSettings.Enabled turns passkey MFA on or
 * off (the user's `webAuthnMfa`), which has effect only where the pool counts passkeys as MFA.
 */
import type { EmailMfaSettingsType, SMSMfaSettingsType, SoftwareTokenMfaSettingsType, WebAuthnMfaSettingsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { changeUser } from '../users/directory/save.ts';
import { canReceive, type MfaFactor } from './factors.ts';
import { applySetting } from './preferences.ts';

export interface PreferenceInput {
  SMSMfaSettings?: SMSMfaSettingsType | undefined;
  SoftwareTokenMfaSettings?: SoftwareTokenMfaSettingsType | undefined;
  EmailMfaSettings?: EmailMfaSettingsType | undefined;
  /** Passkey MFA on or off (no PreferredMfa: it applies only when the passkey is the first factor). */
  WebAuthnMfaSettings?: WebAuthnMfaSettingsType | undefined;
}

export async function setMfaPreferences(services: Services, pool: PoolView, userId: string, input: PreferenceInput): Promise<void> {
  const settings: [MfaFactor, { Enabled?: boolean | undefined; PreferredMfa?: boolean | undefined } | undefined][] = [
    ['SMS_MFA', input.SMSMfaSettings], ['SOFTWARE_TOKEN_MFA', input.SoftwareTokenMfaSettings], ['EMAIL_OTP', input.EmailMfaSettings],
  ];
  if (settings.filter(([, s]) => s?.PreferredMfa === true).length > 1) {
    throw errors.invalidParameter('Only one MFA method can be set as preferred.');
  }
  const { store, clock } = services;
  await store.transaction(async (tx) => {
    const hasToken = settings[1][1]?.Enabled === true && (await tx.softwareTokens.verifiedOf(userId)) !== undefined;
    await changeUser(tx, pool, userId, (current) => {
      let state = current.state;
      for (const [factor, setting] of settings) {
        if (!setting) continue;
        if (setting.Enabled === true && !canReceive(current, factor, hasToken)) {
          throw errors.invalidParameter(`User does not have delivery config set to turn on ${factor}`);
        }
        state = applySetting(state, factor, { enabled: setting.Enabled, preferred: setting.PreferredMfa });
      }
      const webAuthn = input.WebAuthnMfaSettings?.Enabled;
      if (webAuthn !== undefined) {
        const { webAuthnMfa: _w, ...rest } = state;
        state = webAuthn ? { ...rest, webAuthnMfa: true } : rest;
      }
      return { ...current, state, updatedAt: clock.now() };
    });
  });
}
