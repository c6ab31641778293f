/**
 * GetOpenIdTokenForDeveloperIdentity (signed, from the developer's backend): the identity of a
 * developer user identifier (created, or linked to the IdentityId given; a user identifier of
 * another identity is DeveloperUserAlreadyRegisteredException then), other logins linked with
 * it, and its OpenID token (TokenDuration seconds, 15 minutes by default, PrincipalTags in it).
 */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import type { ProviderLogin } from '../logins/login.ts';
import { verifyLogin } from '../logins/verify.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { DEVELOPER_TOKEN_SECONDS, mintIdentityToken } from '../tokens/openid-token.ts';
import { developerLogin, requireDeveloperProvider } from './developer.ts';
import { identityNotFound, linkIdentity } from './link.ts';
import { amrFor, principalTagsFor } from './session.ts';

export const getOpenIdTokenForDeveloperIdentity: IdentityHandler<'GetOpenIdTokenForDeveloperIdentity'> = async (input, { services }) => {
  const pool = await requireIdentityPool(services.store, input.IdentityPoolId);
  const provider = requireDeveloperProvider(pool);
  const entries = Object.entries(input.Logins);
  const userId = input.Logins[provider];
  if (userId === undefined) throw errors.invalidParameter(`Logins must include the developer provider ${provider}.`);
  const others = await Promise.all(entries.filter(([k]) => k !== provider).map(([k, v]) => verifyLogin(services, pool, k, v)));
  if (others.some((l) => l.kind === 'identity')) throw errors.invalidParameter('An identity pool token cannot be linked to a developer identity.');
  if (input.IdentityId !== undefined) {
    const identity = await services.store.identities.get(input.IdentityId);
    if (!identity || identity.poolId !== pool.id) throw identityNotFound(input.IdentityId);
  }
  const logins = [developerLogin(pool, provider, userId), ...(others as ProviderLogin[])];
  const identityId = await linkIdentity(services, {
    poolId: pool.id, logins, named: input.IdentityId, refuseDeveloperOfOther: true,
  });
  const tags = { ...principalTagsFor(pool, logins), ...(input.PrincipalTags ?? {}) };
  const { token } = await mintIdentityToken(services, {
    poolId: pool.id, identityId, amr: amrFor(logins), principalTags: tags, seconds: input.TokenDuration ?? DEVELOPER_TOKEN_SECONDS,
  });
  return { IdentityId: identityId, Token: token };
};
