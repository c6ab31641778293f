/** Developer-authenticated identities: the pool's developer provider and its logins. */
import { errors } from '../../errors.ts';
import type { ProviderLogin } from '../logins/login.ts';
import type { IdentityPoolRow } from '../pools/store.ts';

/** The pool's developer provider name, which the call must name. */
export function requireDeveloperProvider(pool: IdentityPoolRow, name?: string): string {
  const provider = pool.config.DeveloperProviderName;
  if (provider === undefined) throw errors.invalidParameter('This identity pool has no developer provider.');
  if (name !== undefined && name !== provider) {
    throw errors.invalidParameter(`Developer provider name ${name.slice(0, 128)} does not match the identity pool's.`);
  }
  return provider;
}

/** A developer user identifier as a login of `provider`. */
export function developerLogin(pool: IdentityPoolRow, provider: string, userId: string): ProviderLogin {
  return {
    kind: 'provider', key: provider, provider, subject: userId, claims: {}, mappingKeys: [provider], tagProvider: provider,
    amrSubject: `${provider}:${pool.id}:${userId}`, developer: true,
  };
}
