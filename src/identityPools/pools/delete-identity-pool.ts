/** DeleteIdentityPool: the pool, its identities and their logins. */
import type { IdentityHandler } from '../context.ts';
import { poolNotFound } from './load.ts';

export const deleteIdentityPool: IdentityHandler<'DeleteIdentityPool'> = async (input, { services }) => {
  await services.store.transaction(async (tx) => {
    if (!(await tx.identityPools.delete(input.IdentityPoolId))) throw poolNotFound(input.IdentityPoolId);
    await tx.identityPools.releaseSlot();
  });
  return {};
};
