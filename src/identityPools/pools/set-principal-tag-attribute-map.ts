/** SetPrincipalTagAttributeMap: which claims of a provider's tokens become principal tags. */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { providerNamesOf } from './config.ts';
import { requireIdentityPool } from './load.ts';

export const setPrincipalTagAttributeMap: IdentityHandler<'SetPrincipalTagAttributeMap'> = async (input, { services }) => {
  const map = { UseDefaults: input.UseDefaults ?? false, PrincipalTags: { ...(input.PrincipalTags ?? {}) } };
  await services.store.transaction(async (tx) => {
    const pool = await requireIdentityPool(tx, input.IdentityPoolId, 'update');
    if (!providerNamesOf(pool.config).includes(input.IdentityProviderName)) {
      throw errors.invalidParameter(`${input.IdentityProviderName} is not an identity provider of this identity pool.`);
    }
    await tx.identityPools.updateTagMaps(pool.id, { ...pool.tagMaps, [input.IdentityProviderName]: map }, services.clock.now());
  });
  return { IdentityPoolId: input.IdentityPoolId, IdentityProviderName: input.IdentityProviderName, ...map };
};
