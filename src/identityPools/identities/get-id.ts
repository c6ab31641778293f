/**
 * GetId: the identity of the logins presented (found, created, linked or merged: link.ts), or a
 * new guest identity when none is presented and the pool allows guests.
 */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import type { ProviderLogin } from '../logins/login.ts';
import { verifyLogins } from '../logins/verify.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { guestsNotAllowed } from './authorize.ts';
import { identityNotFound, linkIdentity, newGuestIdentity } from './link.ts';

export const getId: IdentityHandler<'GetId'> = async (input, { services }) => {
  const pool = await requireIdentityPool(services.store, input.IdentityPoolId);
  const logins = await verifyLogins(services, pool, input.Logins);
  if (logins.length === 0) {
    if (!pool.config.AllowUnauthenticatedIdentities) throw guestsNotAllowed();
    return { IdentityId: await newGuestIdentity(services, pool.id) };
  }
  const named = logins.find((l) => l.kind === 'identity')?.identityId;
  const providerLogins = logins.filter((l): l is ProviderLogin => l.kind === 'provider');
  if (providerLogins.length === 0) {
    const identity = await services.store.identities.get(named!);
    if (!identity || identity.poolId !== pool.id) throw identityNotFound(named!);
    if (identity.disabled) throw errors.notAuthorized(`Identity '${identity.id}' is disabled.`);
    return { IdentityId: named! };
  }
  return { IdentityId: await linkIdentity(services, { poolId: pool.id, logins: providerLogins, named }) };
};
