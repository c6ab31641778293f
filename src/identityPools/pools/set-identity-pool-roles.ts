/** SetIdentityPoolRoles: the default roles and the role mappings, replaced as a whole. */
import type { IdentityHandler } from '../context.ts';
import { requireIdentityPool } from './load.ts';
import { rolesOf } from './roles.ts';

export const setIdentityPoolRoles: IdentityHandler<'SetIdentityPoolRoles'> = async (input, { services }) => {
  await services.store.transaction(async (tx) => {
    const pool = await requireIdentityPool(tx, input.IdentityPoolId, 'update');
    await tx.identityPools.updateRoles(pool.id, rolesOf(pool.config, input.Roles, input.RoleMappings), services.clock.now());
  });
  return {};
};
