/**
 * The OAuth surface, an encapsulated plugin: the machine-facing endpoints of Cognito's
 * authorization server, `POST /oauth2/token`, `GET|POST /oauth2/userInfo`, `POST /oauth2/revoke`.
 * Form bodies in, JSON out; errors as RFC 6749's `{"error","error_description"}` (Amplify reads
 * `error_message` too) with Cognito's statuses: 400, 401 for an unauthenticated client at
 * revocation and a bad token at userInfo (with `WWW-Authenticate`), 500 for server faults. CORS:
 * any origin, as Cognito's token endpoint answers, preflights included.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isServiceError } from '../../kernel/errors.ts';
import { newRequestId } from '../../kernel/ids.ts';
import type { Services } from '../../kernel/context.ts';
import { isOAuthError, oauthError, type OAuthError } from '../../userPools/oauth/errors.ts';
import { parseForm, singleParameters, type Parameters } from '../../userPools/oauth/parameters.ts';
import { revokeGrant, tokenGrant } from '../../userPools/oauth/token.ts';
import { userInfo } from '../../userPools/oauth/userinfo.ts';

/** Forms of these endpoints are small: a code, a verifier, a token, a redirect URI. */
const FORM_LIMIT = 64 * 1024;
const JSON_TYPE = 'application/json;charset=UTF-8';

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  if (error.error === 'invalid_token' || (error.status === 400 && reply.request.url.startsWith('/oauth2/userInfo'))) {
    reply.header('www-authenticate', `Bearer error="${error.error}", error_description="${error.message.replace(/"/g, "'")}"`);
  }
  return reply.code(error.status).header('content-type', JSON_TYPE).header('cache-control', 'no-store')
    .send(JSON.stringify({ error: error.error, error_description: error.message, error_message: error.message }));
}

export async function oauthSurface(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    done(null, parseForm(body as string));
  });
  // Another content type is read as no parameters (the grant then lacks what it needs).
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, _body, done) => done(null, undefined));

  // Callback style: no promise per answer.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'POST') reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    done(null, payload);
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (isOAuthError(error)) return sendOAuthError(reply, error);
    if (isServiceError(error) && error.fault === 'client') return sendOAuthError(reply, oauthError('invalid_request', error.message));
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unhandled error');
      return sendOAuthError(reply, oauthError('server_error', 'Internal server error.', 500));
    }
    return sendOAuthError(reply, oauthError('invalid_request', error.message, status));
  });

  const form = (body: unknown): Parameters => singleParameters(body);
  const preflight = async (_request: unknown, reply: FastifyReply) => reply.code(204)
    .header('access-control-allow-methods', 'GET, POST, OPTIONS')
    .header('access-control-allow-headers', 'authorization, content-type, x-amz-user-agent, x-amz-date, x-amz-security-token')
    .header('access-control-max-age', '86400').send();

  app.options('/oauth2/token', preflight);
  app.options('/oauth2/revoke', preflight);
  app.options('/oauth2/userInfo', preflight);

  app.post('/oauth2/token', async (request, reply) => {
    const ctx = {
      services, caller: { kind: 'anonymous' as const }, requestId: newRequestId(), sourceIp: request.ip, userAgent: String(request.headers['user-agent'] ?? ''),
    };
    const answer = await tokenGrant(services, form(request.body), request.headers.authorization, ctx);
    return reply.header('content-type', JSON_TYPE).send(JSON.stringify(answer));
  });

  app.post('/oauth2/revoke', async (request, reply) => {
    await revokeGrant(services, form(request.body), request.headers.authorization);
    return reply.code(200).send();
  });

  const userInfoRoute = async (request: { headers: Record<string, string | string[] | undefined> }, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
    if (!match) throw oauthError('invalid_request', 'Bad OAuth2 request at UserInfo Endpoint');
    return reply.header('content-type', JSON_TYPE).header('cache-control', 'no-store')
      .send(JSON.stringify(await userInfo(services, match[1]!)));
  };
  app.get('/oauth2/userInfo', userInfoRoute);
  app.post('/oauth2/userInfo', userInfoRoute);
}
