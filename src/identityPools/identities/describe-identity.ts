/** DescribeIdentity: an identity's providers and dates. */
import type { IdentityHandler } from '../context.ts';
import { identityNotFound } from './link.ts';
import type { IdentityRow, LoginRow } from './store.ts';

export function describe(identity: IdentityRow, logins: LoginRow[]) {
  return {
    IdentityId: identity.id,
    Logins: [...new Set(logins.map((l) => l.provider))],
    CreationDate: new Date(identity.createdAt),
    LastModifiedDate: new Date(identity.updatedAt),
  };
}

export const describeIdentity: IdentityHandler<'DescribeIdentity'> = async (input, { services }) => {
  const identity = await services.store.identities.get(input.IdentityId);
  if (!identity) throw identityNotFound(input.IdentityId);
  return describe(identity, await services.store.identities.loginsOf(identity.id));
};
