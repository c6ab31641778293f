/**
 * The well-known surface, an encapsulated plugin: per-pool OpenID endpoints, where Cognito has
 * them: `/<poolId>/.well-known/jwks.json` (the keys that verify the pool's tokens) and
 * `/<poolId>/.well-known/openid-configuration`. JSON answers, readable from any origin; errors
 * as `{"error","message"}`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isServiceError } from '../../kernel/errors.ts';
import type { Services } from '../../kernel/context.ts';
import { issuerOf, jwksOf } from '../../userPools/tokens/index.ts';
import { publicBase } from '../../userPools/tokens/issuer.ts';
import { identityWellKnownRoutes } from './identity-well-known.ts';

/** Pool ids as the model constrains them (`[\w-]+_[0-9a-zA-Z]+`, at most 55). */
const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

// Verifiers cache the JWKS and re-fetch it on an unknown kid, and a rotated key is published
// at once, so a few minutes is safe; discovery changes only with the deployment.
const JWKS_CACHE = 'public, max-age=300';
const DISCOVERY_CACHE = 'public, max-age=3600';

export async function wellKnownSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  // Public documents: verifiers in browsers fetch them from any origin (simple GETs, no preflight).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = isServiceError(error) ? (error.fault === 'server' ? 500 : 400)
      : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    const name = status >= 500 ? 'InternalErrorException' : isServiceError(error) ? error.name : 'InvalidParameterException';
    return reply.code(status).header('cache-control', 'no-store')
      .send({ error: name, message: status >= 500 ? 'Internal server error.' : error.message });
  });

  await app.register(identityWellKnownRoutes, { services });

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
      end_session_endpoint: `${base}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${base}/${poolId}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${base}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      subject_types_supported: ['public'],
      token_endpoint: `${base}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${base}/oauth2/userInfo`,
    });
  });
}
