/**
 * MergeDeveloperIdentities: the identity of the source developer user merges into the
 * destination's (its logins move there, it is disabled), in one transaction with both identity
 * rows locked in id order, so concurrent merges have one outcome and leave no login behind.
 */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { developerLogin, requireDeveloperProvider } from './developer.ts';
import { linkIdentity } from './link.ts';

export const mergeDeveloperIdentities: IdentityHandler<'MergeDeveloperIdentities'> = async (input, { services }) => {
  const pool = await requireIdentityPool(services.store, input.IdentityPoolId);
  const provider = requireDeveloperProvider(pool, input.DeveloperProviderName);
  const [source, destination] = await Promise.all([input.SourceUserIdentifier, input.DestinationUserIdentifier]
    .map((id) => services.store.identities.findLogin(pool.id, provider, id)));
  if (!source) throw errors.resourceNotFound(`Developer user identifier '${input.SourceUserIdentifier}' not found.`);
  if (!destination) throw errors.resourceNotFound(`Developer user identifier '${input.DestinationUserIdentifier}' not found.`);
  // The destination's login first: its owner survives; the source's identity merges into it.
  const identityId = await linkIdentity(services, {
    poolId: pool.id,
    logins: [developerLogin(pool, provider, input.DestinationUserIdentifier), developerLogin(pool, provider, input.SourceUserIdentifier)],
  });
  return { IdentityId: identityId };
};
