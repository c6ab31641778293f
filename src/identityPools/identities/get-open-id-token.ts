/**
 * GetOpenIdToken: the basic (classic) flow's token for an identity, valid 10 minutes, for the
 * client to hand STS itself. Only when the pool has AllowClassicFlow, and not with RoleMappings.
 */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { mintIdentityToken, OPEN_ID_TOKEN_SECONDS } from '../tokens/openid-token.ts';
import { authorizeIdentity } from './authorize.ts';
import { amrFor, principalTagsFor } from './session.ts';

export const getOpenIdToken: IdentityHandler<'GetOpenIdToken'> = async (input, { services }) => {
  const { pool, identityId, logins } = await authorizeIdentity(services, input.IdentityId, input.Logins, (p) => {
    if (p.config.AllowClassicFlow !== true) {
      throw errors.invalidParameter('Basic (classic) flow is not enabled, please use enhanced flow.');
    }
    if (p.roles.RoleMappings && Object.keys(p.roles.RoleMappings).length > 0) {
      throw errors.invalidParameter('Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.');
    }
  });
  const { token } = await mintIdentityToken(services, {
    poolId: pool.id, identityId, amr: amrFor(logins), principalTags: principalTagsFor(pool, logins), seconds: OPEN_ID_TOKEN_SECONDS,
  });
  return { IdentityId: identityId, Token: token };
};
