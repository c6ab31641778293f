/** GetIdentityPoolRoles. */
import type { IdentityHandler } from '../context.ts';
import { requireIdentityPool } from './load.ts';

export const getIdentityPoolRoles: IdentityHandler<'GetIdentityPoolRoles'> = async (input, { services }) => {
  const pool = await requireIdentityPool(services.store, input.IdentityPoolId, undefined);
  return {
    IdentityPoolId: pool.id,
    Roles: pool.roles.Roles,
    ...(pool.roles.RoleMappings ? { RoleMappings: pool.roles.RoleMappings } : {}),
  };
};
