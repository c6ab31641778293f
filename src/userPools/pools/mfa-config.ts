/** The pool's MFA settings as GetUserPoolMfaConfig and SetUserPoolMfaConfig show them. */
import type { GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { DEFAULT_MFA_MESSAGE, PoolView, type PoolConfig } from './pool-config.ts';

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

/**
 * MFA ON or OPTIONAL needs a factor: CreateUserPool and UpdateUserPool (which set the mode, not
 * the factors) enable SMS through SmsConfiguration, or keep the factors SetUserPoolMfaConfig set.
 */
export function requireMfaFactor(config: PoolConfig): void {
  if ((config.MfaConfiguration ?? 'OFF') === 'OFF') return;
  const f = new PoolView({ id: '', name: '', config, userCount: 0, createdAt: 0, updatedAt: 0 }).mfaFactors;
  if (!f.sms && !f.softwareToken && !f.email) {
    throw errors.invalidParameter('SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
  }
}
