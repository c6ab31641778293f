/**
 * Per-pool OpenID endpoints, where Cognito has them: `/<poolId>/.well-known/jwks.json` (the
 * keys that verify the pool's tokens) and `/<poolId>/.well-known/openid-configuration`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../kernel/context.ts';
import { issuerOf, jwksOf } from '../userPools/tokens/index.ts';
import { publicBase } from '../userPools/tokens/issuer.ts';

/** Pool ids as the model constrains them (`[\w-]+_[0-9a-zA-Z]+`, at most 55). */
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

// Verifiers cache the JWKS and re-fetch it on an unknown kid, and a rotated key is published
// at once, so a few minutes is safe; discovery changes only with the deployment.
const JWKS_CACHE = 'public, max-age=300';
const DISCOVERY_CACHE = 'public, max-age=3600';

export function registerWellKnown(app: FastifyInstance, services: Services): void {
  async function existingPool(poolId: string, reply: FastifyReply): Promise<boolean> {
    if (poolId.length <= 55 && POOL_ID.test(poolId) && await services.store.pools.get(poolId)) return true;
    await reply.code(404).header('cache-control', 'no-store')
      .send({ error: 'ResourceNotFoundException', message: `User pool ${poolId} does not exist.` });
    return false;
  }

  app.get<{ Params: { poolId: string } }>('/:poolId/.well-known/jwks.json', async (request, reply) => {
    if (!(await existingPool(request.params.poolId, reply))) return reply;
    return reply.header('cache-control', JWKS_CACHE).send(await jwksOf(services, request.params.poolId));
  });

  app.get<{ Params: { poolId: string } }>('/:poolId/.well-known/openid-configuration', async (request, reply) => {
    const { poolId } = request.params;
    if (!(await existingPool(poolId, reply))) return reply;
    const issuer = issuerOf(services.settings, poolId);
    const base = publicBase(services.settings);
    return reply.header('cache-control', DISCOVERY_CACHE).send({
      authorization_endpoint: `${base}/oauth2/authorize`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${base}/${poolId}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      subject_types_supported: ['public'],
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${base}/oauth2/userInfo`,
    });
  });
}
