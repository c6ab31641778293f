import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from './load.ts';
import { describeMfaConfig } from './mfa-config.ts';
import { PoolView, type MfaFactors, type PoolConfig } from './pool-config.ts';

/**
 * Sets the pool's MFA mode and factors. Like Cognito, the factors are replaced as a whole: a
 * factor left out of the request is turned off. The SMS settings given here are the pool's own
 * SmsAuthenticationMessage and SmsConfiguration, so DescribeUserPool shows them too.
 */
export const setUserPoolMfaConfig: Handler<'SetUserPoolMfaConfig'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  return store.transaction(async (tx) => {
    const row = await requirePoolRow(tx, input.UserPoolId, 'update');
    const old = row.config;
    const mode = input.MfaConfiguration ?? old.MfaConfiguration ?? 'OFF';
    const factors: MfaFactors = {
      sms: input.SmsMfaConfiguration !== undefined,
      softwareToken: input.SoftwareTokenMfaConfiguration?.Enabled === true,
      ...(input.EmailMfaConfiguration ? { email: input.EmailMfaConfiguration } : {}),
    };
    const anyFactor = factors.sms || factors.softwareToken || factors.email !== undefined;
    if (mode === 'OFF' && anyFactor) {
      throw errors.invalidParameter("Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
    }
    if (mode !== 'OFF' && !anyFactor) {
      throw errors.invalidParameter("Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
    }
    if (factors.email && old.EmailConfiguration?.EmailSendingAccount !== 'DEVELOPER') {
      // Cognito sends email MFA through SES only; Alcove accepts the setting and mails through its own SMTP.
      throw errors.invalidParameter('Cannot set EmailMfaConfiguration when user pool EmailConfiguration contains an EmailSendingAccount of COGNITO_DEFAULT.Update the value of EmailSendingAccount');
    }
    const sms = input.SmsMfaConfiguration;
    const config: PoolConfig = {
      ...old,
      MfaConfiguration: mode,
      ...(sms?.SmsAuthenticationMessage ? { SmsAuthenticationMessage: sms.SmsAuthenticationMessage } : {}),
      ...(sms?.SmsConfiguration ? { SmsConfiguration: sms.SmsConfiguration } : {}),
      ...(input.WebAuthnConfiguration ? { WebAuthnConfiguration: input.WebAuthnConfiguration } : {}),
    };
    if (mode === 'OFF') delete config.MfaFactors;
    else config.MfaFactors = factors;
    const updated = { ...row, config, updatedAt: clock.now() };
    await tx.pools.update(updated);
    return describeMfaConfig(new PoolView(updated));
  });
};
