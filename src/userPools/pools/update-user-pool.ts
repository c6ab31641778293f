import type { Handler } from '../context.ts';
import { requirePoolRow } from './load.ts';
import { requireMfaFactor } from './mfa-config.ts';
import { buildMutableConfig, type MutablePoolSettings, type PoolConfig } from './pool-config.ts';

/** Every setting UpdateUserPool rewrites; the rest (schema, sign-in names, domain, MFA factors) stays. */
export const REWRITTEN: Record<keyof MutablePoolSettings, true> = {
  Policies: true, DeletionProtection: true, LambdaConfig: true, AutoVerifiedAttributes: true,
  SmsVerificationMessage: true, EmailVerificationMessage: true, EmailVerificationSubject: true,
  VerificationMessageTemplate: true, SmsAuthenticationMessage: true, UserAttributeUpdateSettings: true,
  MfaConfiguration: true, DeviceConfiguration: true, EmailConfiguration: true, SmsConfiguration: true,
  UserPoolTags: true, AdminCreateUserConfig: true, UserPoolAddOns: true, DcrConfiguration: true,
  AccountRecoverySetting: true, UserPoolTier: true, KeyConfiguration: true, IssuerConfiguration: true,
  AcrConfiguration: true,
};

/**
 * Cognito's UpdateUserPool is a replacement, not a patch: a setting left out returns to its
 * default. Exceptions, as the service behaves: tags, tier and the attribute-update settings are
 * kept when not given, and the name changes only when PoolName is sent.
 */
export const updateUserPool: Handler<'UpdateUserPool'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  await store.transaction(async (tx) => {
    const row = await requirePoolRow(tx, input.UserPoolId, 'update');
    const old = row.config;
    const fresh = buildMutableConfig({
      ...input,
      UserPoolTags: input.UserPoolTags ?? old.UserPoolTags,
      UserPoolTier: input.UserPoolTier ?? old.UserPoolTier,
      UserAttributeUpdateSettings: input.UserAttributeUpdateSettings ?? old.UserAttributeUpdateSettings,
    });
    const kept = Object.fromEntries(Object.entries(old).filter(([key]) => !(key in REWRITTEN))) as PoolConfig;
    const config: PoolConfig = { ...kept, ...fresh };
    // Turning MFA off turns off every factor SetUserPoolMfaConfig had enabled.
    if (config.MfaConfiguration === 'OFF') delete config.MfaFactors;
    requireMfaFactor(config);
    await tx.pools.update({ ...row, name: input.PoolName ?? row.name, config, updatedAt: clock.now() });
  });
  return {};
};
