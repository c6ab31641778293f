/**
 * LookupDeveloperIdentity: the identity of a developer user identifier, or the developer user
 * identifiers of an identity (paged); both given must agree (else ResourceConflictException).
 */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { requireDeveloperProvider } from './developer.ts';
import { identityNotFound } from './link.ts';

export const lookupDeveloperIdentity: IdentityHandler<'LookupDeveloperIdentity'> = async (input, { services }) => {
  const { store } = services;
  const pool = await requireIdentityPool(store, input.IdentityPoolId);
  const provider = requireDeveloperProvider(pool);
  if (input.IdentityId === undefined && input.DeveloperUserIdentifier === undefined) {
    throw errors.invalidParameter('Either IdentityId or DeveloperUserIdentifier must be given.');
  }
  let identityId = input.IdentityId;
  if (input.DeveloperUserIdentifier !== undefined) {
    const login = await store.identities.findLogin(pool.id, provider, input.DeveloperUserIdentifier);
    if (!login) throw errors.resourceNotFound(`Developer user identifier '${input.DeveloperUserIdentifier}' not found.`);
    if (identityId !== undefined && identityId !== login.identityId) {
      throw errors.resourceConflict('The IdentityId and DeveloperUserIdentifier do not belong together.');
    }
    identityId = login.identityId;
  }
  const identity = await store.identities.get(identityId!);
  if (!identity || identity.poolId !== pool.id) throw identityNotFound(identityId!);
  let page;
  try {
    page = await store.identities.loginsOfProvider(identity.id, provider, {
      limit: input.MaxResults ?? 60, ...(input.NextToken ? { after: input.NextToken } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'InvalidCursor') throw errors.invalidParameter('Invalid NextToken.');
    throw e;
  }
  return {
    IdentityId: identity.id,
    DeveloperUserIdentifierList: page.items.map((l) => l.subject),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};
