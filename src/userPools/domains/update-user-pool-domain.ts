import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { aliasTarget, managedLoginVersion, noSuchDomain } from './domain-rules.ts';

/** Changes the branding version, or a custom domain's certificate; the name itself never changes. */
export const updateUserPoolDomain: Handler<'UpdateUserPoolDomain'> = async (input, ctx) => {
  const { store, clock, settings } = ctx.services;
  const row = await store.transaction(async (tx) => {
    await requirePoolRow(tx, input.UserPoolId, 'update');
    const current = await tx.domains.get(input.Domain);
    if (!current || current.poolId !== input.UserPoolId) throw noSuchDomain();
    if (input.CustomDomainConfig && current.kind !== 'custom') {
      throw errors.invalidParameter('CustomDomainConfig can only be updated for a custom domain.');
    }
    const updated = {
      ...current,
      managedLoginVersion: managedLoginVersion(input.ManagedLoginVersion, current.managedLoginVersion),
      customDomainConfig: input.CustomDomainConfig ?? current.customDomainConfig,
      updatedAt: clock.now(),
    };
    await tx.domains.update(updated);
    return updated;
  });
  return { ManagedLoginVersion: row.managedLoginVersion, ...(row.kind === 'custom' ? { CloudFrontDomain: aliasTarget(settings) } : {}) };
};
