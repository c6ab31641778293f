/**
 * The identity pools' OpenID documents, routes of the well-known surface (its CORS and error
 * answers apply): `/cognito-identity/.well-known/openid-configuration` (discovery: the issuer
 * and `jwks_uri`), `/cognito-identity/.well-known/jwks_uri` (Cognito's unusual JWKS path), and
 * the same JWKS at `/.well-known/jwks_uri`, where verifiers written for
 * `https://cognito-identity.amazonaws.com` look for it.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../kernel/context.ts';
import { IDENTITY_PATH, identityIssuerOf, identityJwksUrl } from '../../identityPools/tokens/issuer.ts';
import { identityKeys } from '../../identityPools/tokens/keys.ts';

const JWKS_CACHE = 'public, max-age=300';
const DISCOVERY_CACHE = 'public, max-age=3600';

export async function identityWellKnownRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  const jwks = async () => (await identityKeys(services)).jwks;
  app.get(`${IDENTITY_PATH}/.well-known/jwks_uri`, async (_request, reply) => reply.header('cache-control', JWKS_CACHE).send(await jwks()));
  app.get('/.well-known/jwks_uri', async (_request, reply) => reply.header('cache-control', JWKS_CACHE).send(await jwks()));
  app.get(`${IDENTITY_PATH}/.well-known/openid-configuration`, async (_request, reply) => reply.header('cache-control', DISCOVERY_CACHE).send({
    issuer: identityIssuerOf(services.settings),
    jwks_uri: identityJwksUrl(services.settings),
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'aud', 'amr', 'iss', 'exp', 'iat', 'https://aws.amazon.com/tags'],
  }));
}
