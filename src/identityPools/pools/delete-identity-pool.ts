/** DeleteIdentityPool: the pool, its identities and their logins. */
import type { IdentityHandler } from '../context.ts';
import { poolNotFound } from './load.ts';

export const deleteIdentityPool: IdentityHandler<'DeleteIdentityPool'> = async (input, { services }) => {
  if (!(await services.store.identityPools.delete(input.IdentityPoolId))) throw poolNotFound(input.IdentityPoolId);
  return {};
};
