/**
 * The identity of an IdentityId-based public call (GetOpenIdToken, GetCredentialsForIdentity)
 * and the logins that prove it: a guest identity needs none (and a pool that allows guests);
 * an authenticated one needs at least one valid login of its own; logins it does not have yet
 * are linked to it, and logins of another identity merge the two (the call then answers the
 * surviving IdentityId).
 */
import { errors } from '../../errors.ts';
import type { Services } from '../context.ts';
import type { Login, ProviderLogin } from '../logins/login.ts';
import { verifyLogins } from '../logins/verify.ts';
import { requireIdentityPool } from '../pools/load.ts';
import type { IdentityPoolRow } from '../pools/store.ts';
import { identityNotFound, linkIdentity } from './link.ts';

export const loginsDontMatch = () =>
  errors.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
export const guestsNotAllowed = () => errors.notAuthorized('Unauthenticated access is not supported for this identity pool.');

export interface AuthorizedIdentity {
  pool: IdentityPoolRow;
  identityId: string;
  /** The verified logins of the call; empty for a guest. */
  logins: Login[];
}

export async function authorizeIdentity(
  services: Services, identityId: string, loginsMap: Record<string, string> | undefined,
  /** The operation's own checks of the pool, before anything is linked. */
  checkPool?: (pool: IdentityPoolRow) => void,
): Promise<AuthorizedIdentity> {
  const identity = await services.store.identities.get(identityId);
  if (!identity) throw identityNotFound(identityId);
  const pool = await requireIdentityPool(services.store, identity.poolId);
  checkPool?.(pool);
  const logins = await verifyLogins(services, pool, loginsMap);

  if (logins.length === 0) {
    if (identity.disabled) throw errors.notAuthorized(`Identity '${identityId}' is disabled.`);
    if ((await services.store.identities.loginsOf(identityId)).length > 0) throw loginsDontMatch();
    if (!pool.config.AllowUnauthenticatedIdentities) throw guestsNotAllowed();
    return { pool, identityId, logins };
  }
  // The pool's own OpenID token names its identity: it must be this one.
  for (const login of logins) {
    if (login.kind === 'identity' && login.identityId !== identityId) throw loginsDontMatch();
  }
  const providerLogins = logins.filter((l): l is ProviderLogin => l.kind === 'provider');
  if (providerLogins.length === 0) {
    if (identity.disabled) throw errors.notAuthorized(`Identity '${identityId}' is disabled.`);
    return { pool, identityId, logins };
  }
  const survivor = await linkIdentity(services, { poolId: pool.id, logins: providerLogins, named: identityId });
  return { pool, identityId: survivor, logins };
}
