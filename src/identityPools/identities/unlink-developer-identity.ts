/** UnlinkDeveloperIdentity: removes a developer user identifier from its identity. */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { requireDeveloperProvider } from './developer.ts';
import { identityNotFound } from './link.ts';

export const unlinkDeveloperIdentity: IdentityHandler<'UnlinkDeveloperIdentity'> = async (input, { services }) => {
  const { store } = services;
  const pool = await requireIdentityPool(store, input.IdentityPoolId);
  const provider = requireDeveloperProvider(pool, input.DeveloperProviderName);
  const identity = await store.identities.get(input.IdentityId);
  if (!identity || identity.poolId !== pool.id) throw identityNotFound(input.IdentityId);
  if (!(await store.identities.deleteLogin(pool.id, provider, input.DeveloperUserIdentifier, identity.id))) {
    throw errors.resourceNotFound(`Developer user identifier '${input.DeveloperUserIdentifier}' is not linked to identity '${identity.id}'.`);
  }
  await store.identities.touch(identity.id, services.clock.now());
  return {};
};
