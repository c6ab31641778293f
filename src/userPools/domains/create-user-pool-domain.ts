import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { UniqueViolation } from '../../storage/store.ts';
import { aliasTarget, domainKind, managedLoginVersion } from './domain-rules.ts';

/**
 * One prefix domain and one custom domain per pool; a domain name belongs to one pool. The pool's
 * row is locked while its domains are read, and the insert is guarded by unique indexes, so of
 * racing creations one wins.
 */
export const createUserPoolDomain: Handler<'CreateUserPoolDomain'> = async (input, ctx) => {
  const { store, clock, settings } = ctx.services;
  const kind = domainKind(input.Domain, input.CustomDomainConfig);
  const version = managedLoginVersion(input.ManagedLoginVersion);
  const now = clock.now();
  await store.transaction(async (tx) => {
    await requirePoolRow(tx, input.UserPoolId, 'update');
    if ((await tx.domains.forPool(input.UserPoolId)).some((d) => d.kind === kind)) {
      throw errors.invalidParameter('User pool already has a domain configured.');
    }
    try {
      await tx.domains.insert({
        domain: input.Domain, poolId: input.UserPoolId, kind, managedLoginVersion: version,
        customDomainConfig: input.CustomDomainConfig ?? null, createdAt: now, updatedAt: now,
      });
    } catch (e) {
      if (e instanceof UniqueViolation) throw errors.invalidParameter('Domain already associated with another user pool.');
      throw e;
    }
  });
  return { ManagedLoginVersion: version, ...(kind === 'custom' ? { CloudFrontDomain: aliasTarget(settings) } : {}) };
};
