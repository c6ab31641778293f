/**
 * The AWS Query surface (STS, IAM), an encapsulated plugin: `POST /` with a form body (or an
 * `Action=` query), answered in XML; errors as AWS Query's `<ErrorResponse>` in the service's
 * namespace. The service is the one whose `Version` the request names (`2011-06-15` STS,
 * `2010-05-08` IAM); an action neither serves is `InvalidAction`, a request without one
 * `MissingAction`. Authentication per operation: none (AssumeRoleWithWebIdentity, counted by the
 * per-address rate), or SigV4 scoped to the service's signing name (`sts`, `iam`) with the
 * server's access keys, and for GetCallerIdentity also with credentials STS issued.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queryErrorStatus, stsErrors } from '../../iam/errors.ts';
import { ServiceError, isServiceError } from '../../kernel/errors.ts';
import type { Services } from '../../kernel/context.ts';
import { newRequestId } from '../../kernel/ids.ts';
import { iamService } from '../../operations/iam.ts';
import type { QueryCaller, QueryOperation, QueryService } from '../../operations/query-table.ts';
import { stsService } from '../../operations/sts.ts';
import { escapeXml } from '../../protocol/query.ts';
import { findLiveCredential } from '../../sts/sessions.ts';
import type { AccessKey } from '../credentials.ts';
import type { AddressRateLimit } from '../limits.ts';
import { verifySigV4Async, type SigV4Credential } from '../sigv4.ts';

const CONTENT_TYPE = 'text/xml';
const SERVICES: readonly QueryService[] = [stsService, iamService];
const DEFAULT_NAMESPACE = stsService.namespace;

export interface AwsQueryOptions {
  services: Services;
  accessKeys: AccessKey[];
  addressLimit: AddressRateLimit;
}

function sendQueryError(reply: FastifyReply, requestId: string, error: ServiceError, namespace: string, status = queryErrorStatus(error)): FastifyReply {
  const xml = `<ErrorResponse xmlns="${namespace}">`
    + `<Error><Type>${error.fault === 'server' ? 'Receiver' : 'Sender'}</Type>`
    + `<Code>${escapeXml(error.name)}</Code><Message>${escapeXml(error.message)}</Message></Error>`
    + `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return reply.code(status).header('content-type', CONTENT_TYPE).header('x-amzn-requestid', requestId).send(xml);
}

/** A form body's or query's parameters; the last of a repeated name wins. */
function parametersOf(body: unknown, url: string): URLSearchParams {
  const query = url.indexOf('?');
  const params = new URLSearchParams(query >= 0 ? url.slice(query + 1) : '');
  if (typeof body === 'string') for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
  return params;
}

/** The SigV4 failures of sigv4.ts under the codes STS and IAM answer them with. */
function queryAuthError(e: ServiceError): ServiceError {
  switch (e.name) {
    case 'MissingAuthenticationTokenException': return stsErrors.missingAuthenticationToken('Request is missing Authentication Token');
    case 'IncompleteSignatureException': return new ServiceError('IncompleteSignature', e.message);
    case 'InvalidSignatureException': return stsErrors.signatureDoesNotMatch(e.message);
    case 'UnrecognizedClientException': return stsErrors.invalidClientTokenId(e.message);
    default: return e;
  }
}

export async function awsQuerySurface(app: FastifyInstance, options: AwsQueryOptions): Promise<void> {
  const { services } = options;
  const keys = new Map(options.accessKeys.map((k) => [k.accessKeyId, k]));

  async function authenticate(request: FastifyRequest, body: string, service: QueryService, op: QueryOperation): Promise<QueryCaller> {
    if (op.auth === 'none') return { kind: 'anonymous' };
    let session: QueryCaller | undefined;
    const lookup = async (id: string): Promise<SigV4Credential | undefined> => {
      const key = keys.get(id);
      if (key) return key;
      if (op.auth !== 'sigv4-session') return undefined;
      const live = await findLiveCredential(services, id);
      if (live) session = { kind: 'session', accessKeyId: id, row: live.row };
      return live?.credential;
    };
    if (services.settings.dev) {
      // Development mode trusts the server's keys unsigned, as aws-json does; issued credentials still sign.
      const claimed = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
      if (!claimed || !claimed.startsWith('ASIA') || op.auth !== 'sigv4-session') {
        return { kind: 'iam', accountId: services.settings.accountId, accessKeyId: claimed ?? 'dev' };
      }
    }
    try {
      const identity = await verifySigV4Async(
        { method: request.method, path: request.url, headers: request.headers, body },
        lookup,
        {
          now: new Date(services.clock.now()), expectedService: service.signingName,
          ...(service.regional ? { expectedRegion: services.settings.region } : {}),
          requiredSignedHeaders: ['x-amz-date'],
        },
      );
      return session ?? { kind: 'iam', accountId: identity.accountId, accessKeyId: identity.accessKeyId };
    } catch (e) {
      throw isServiceError(e) ? queryAuthError(e) : e;
    }
  }

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // A form POST whose Action is in the query may carry any body; it is not read.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, undefined));

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (isServiceError(error)) return sendQueryError(reply, newRequestId(), error, DEFAULT_NAMESPACE);
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    const fault = status >= 500
      ? new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error.', 'server')
      : new ServiceError(status === 413 ? 'RequestEntityTooLarge' : 'MalformedQueryString', error.message);
    return sendQueryError(reply, newRequestId(), fault, DEFAULT_NAMESPACE, status);
  });

  app.post('/', { constraints: { surface: 'aws-query' } }, async (request, reply) => {
    const requestId = newRequestId();
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const params = parametersOf(request.body, request.url);
    const action = params.get('Action');
    if (!action) return sendQueryError(reply, requestId, new ServiceError('MissingAction', 'Missing Action'), DEFAULT_NAMESPACE);
    const version = params.get('Version') ?? '';
    const service = SERVICES.find((s) => s.version === version && Object.hasOwn(s.operations, action));
    if (!service) {
      return sendQueryError(reply, requestId, new ServiceError(
        'InvalidAction', `Could not find operation ${action.slice(0, 128)} for version ${version.slice(0, 32)}`,
      ), DEFAULT_NAMESPACE);
    }
    const op = service.operations[action]!;
    try {
      if (op.auth === 'none' && !options.addressLimit.admit(request.ip)) throw new ServiceError('Throttling', 'Rate exceeded');
      const caller = await authenticate(request, typeof request.body === 'string' ? request.body : '', service, op);
      const result = await op.handle(params, { services, caller, requestId, sourceIp: request.ip });
      const xml = `<${action}Response xmlns="${service.namespace}">`
        + (result === undefined ? '' : `<${action}Result>${result}</${action}Result>`)
        + `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
      return reply.header('content-type', CONTENT_TYPE).header('x-amzn-requestid', requestId).send(xml);
    } catch (e) {
      if (!isServiceError(e)) throw e;
      return sendQueryError(reply, requestId, e, service.namespace);
    }
  });
}
