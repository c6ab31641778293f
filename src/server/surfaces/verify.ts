/**
 * The verification endpoint for resource servers, an encapsulated plugin: `POST /alcove/verify`
 * with a JSON body naming a request a client signed with credentials STS issued, and optionally
 * the action and resource it asks for:
 *
 *   {"request": {"method", "url", "headers", "bodyBase64"?}, "action"?, "resource"?, "context"?}
 *
 * Answers 200 with `{"authenticated": true, "caller": {...}, "decision", "allowed"}` or
 * `{"authenticated": false, "allowed": false, "error": {"code", "message"}}` (a bad signature,
 * an unknown, expired or revoked credential); 400 `{"error","message"}` for a body that is not
 * such a request. It needs no credentials of its own: it only says what a signature proves.
 *
 * `POST /alcove/revoke`, signed (SigV4, scope `sts`) with the server's access keys:
 * `{"accessKeyId"}` → `{"revoked": true|false}` (one winner among concurrent calls), or
 * `{"roleArn", "sessionName"?}` → `{"revoked": <rows marked>}`; refused 403 `{"error","message"}`.
 */
import type { FastifyInstance } from 'fastify';
import { parseRoleArn } from '../../iam/roles.ts';
import type { Services } from '../../kernel/context.ts';
import { isServiceError } from '../../kernel/errors.ts';
import { revokeAccessKey, revokeRoleSessions } from '../../sts/sessions.ts';
import { verifyRequest, type VerifyInput } from '../../sts/verify.ts';
import type { AccessKey } from '../credentials.ts';
import { verifySigV4 } from '../sigv4.ts';

export const VERIFY_PATH = '/alcove/verify';
export const REVOKE_PATH = '/alcove/revoke';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown, lists: boolean): boolean => isObject(v) && Object.values(v).every((x) =>
  typeof x === 'string' || (lists && Array.isArray(x) && x.every((y) => typeof y === 'string')));

class BadVerifyRequest extends Error {}

function inputOf(body: unknown): VerifyInput {
  if (!isObject(body) || !isObject(body.request)) throw new BadVerifyRequest('The body must be {"request": {"method", "url", "headers"}, "action"?, "resource"?, "context"?}.');
  const r = body.request;
  if (typeof r.method !== 'string' || typeof r.url !== 'string' || !r.url.startsWith('/')) throw new BadVerifyRequest('request.method and request.url (a path, with its query) are required.');
  if (!isStringMap(r.headers, true)) throw new BadVerifyRequest('request.headers must map header names to strings.');
  if (r.bodyBase64 !== undefined && typeof r.bodyBase64 !== 'string') throw new BadVerifyRequest('request.bodyBase64 must be a string.');
  for (const name of ['action', 'resource'] as const) {
    if (body[name] !== undefined && typeof body[name] !== 'string') throw new BadVerifyRequest(`${name} must be a string.`);
  }
  if (body.context !== undefined && !isStringMap(body.context, true)) throw new BadVerifyRequest('context must map condition keys to strings or lists of strings.');
  return {
    request: {
      method: r.method, url: r.url, headers: r.headers as Record<string, string | string[]>,
      ...(typeof r.bodyBase64 === 'string' ? { body: Buffer.from(r.bodyBase64, 'base64') } : {}),
    },
    action: body.action as string | undefined,
    resource: body.resource as string | undefined,
    context: body.context as Record<string, string | string[]> | undefined,
  };
}

export async function verifySurface(app: FastifyInstance, { services, accessKeys }: { services: Services; accessKeys: AccessKey[] }): Promise<void> {
  const keys = new Map(accessKeys.map((k) => [k.accessKeyId, k]));
  // The raw body: the revocation's signature covers its bytes.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error instanceof BadVerifyRequest ? 400 : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    return reply.code(status).header('cache-control', 'no-store')
      .send({ error: status >= 500 ? 'InternalFailure' : 'InvalidRequest', message: status >= 500 ? 'Internal server error.' : error.message });
  });
  const json = (body: unknown): unknown => {
    try {
      return JSON.parse(String(body));
    } catch {
      throw new BadVerifyRequest('The body must be JSON.');
    }
  };
  app.post(VERIFY_PATH, async (request, reply) => {
    const result = await verifyRequest(services, inputOf(json(request.body)));
    return reply.header('cache-control', 'no-store').send(result);
  });

  app.post(REVOKE_PATH, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!services.settings.dev) {
      try {
        verifySigV4({ method: request.method, path: request.url, headers: request.headers, body: String(request.body ?? '') }, (id) => keys.get(id), {
          now: new Date(services.clock.now()), expectedService: 'sts', requiredSignedHeaders: ['x-amz-date', 'content-type'],
        });
      } catch (e) {
        if (!isServiceError(e)) throw e;
        return reply.code(403).send({ error: e.name, message: e.message });
      }
    }
    const body = json(request.body);
    if (isObject(body) && typeof body.accessKeyId === 'string') return reply.send({ revoked: await revokeAccessKey(services, body.accessKeyId) });
    if (isObject(body) && typeof body.roleArn === 'string' && parseRoleArn(body.roleArn)
      && (body.sessionName === undefined || typeof body.sessionName === 'string')) {
      return reply.send({ revoked: await revokeRoleSessions(services, body.roleArn, body.sessionName as string | undefined) });
    }
    throw new BadVerifyRequest('The body must be {"accessKeyId"} or {"roleArn", "sessionName"?}.');
  });
}
