/** GetPrincipalTagAttributeMap. */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { providerNamesOf } from './config.ts';
import { requireIdentityPool } from './load.ts';

export const getPrincipalTagAttributeMap: IdentityHandler<'GetPrincipalTagAttributeMap'> = async (input, { services }) => {
  const pool = await requireIdentityPool(services.store, input.IdentityPoolId, undefined);
  if (!providerNamesOf(pool.config).includes(input.IdentityProviderName)) {
    throw errors.resourceNotFound(`${input.IdentityProviderName} is not an identity provider of this identity pool.`);
  }
  const map = pool.tagMaps[input.IdentityProviderName] ?? { UseDefaults: false, PrincipalTags: {} };
  return { IdentityPoolId: pool.id, IdentityProviderName: input.IdentityProviderName, ...map };
};
