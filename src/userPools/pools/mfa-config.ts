/** The pool's MFA settings as GetUserPoolMfaConfig and SetUserPoolMfaConfig show them. */
import type { GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_MFA_MESSAGE, type PoolView } from './pool-config.ts';

export function describeMfaConfig(pool: PoolView): GetUserPoolMfaConfigResponse {
  const factors = pool.mfaFactors;
  const { SmsConfiguration } = pool.config;
  return {
    MfaConfiguration: pool.mfaConfiguration,
    ...(factors.sms ? {
      SmsMfaConfiguration: {
        SmsAuthenticationMessage: pool.config.SmsAuthenticationMessage ?? DEFAULT_MFA_MESSAGE,
        ...(SmsConfiguration ? { SmsConfiguration } : {}),
      },
    } : {}),
    ...(factors.softwareToken ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
    ...(factors.email ? { EmailMfaConfiguration: factors.email } : {}),
    ...(pool.webAuthnConfiguration ? { WebAuthnConfiguration: pool.webAuthnConfiguration } : {}),
  };
}
