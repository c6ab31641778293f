/**
 * The AWS JSON 1.1 surface (both Cognito services), an encapsulated plugin: `POST /` dispatched
 * on `X-Amz-Target` through the operation tables, with its own body parser (raw bytes, any
 * content type), error encoder and CORS. This layer decodes the wire, authenticates the caller,
 * validates input against the model, calls the handler, and encodes answers and Cognito-shaped
 * errors (a kernel ServiceError → `{"__type","message"}`, 400/403/429/500). No business rules.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CognitoError, errors } from '../../errors.ts';
import { isServiceError, type ServiceError } from '../../kernel/errors.ts';
import type { OperationTable } from '../../operations/table.ts';
import { getOperation, type ServiceName } from '../../protocol/catalog.ts';
import { validateInput } from '../../protocol/validate.ts';
import { isWireReady } from '../../protocol/wire-ready.ts';
import type { RequestQuotas } from '../../quotas/limiter.ts';
import type { Caller, OperationContext, Services } from '../../kernel/context.ts';
import { newRequestId } from '../../kernel/ids.ts';
import { authenticateUser } from '../../userPools/self/access.ts';
import { maxInputDepth, nestsDeeperThan } from '../json-depth.ts';
import type { AddressRateLimit } from '../limits.ts';

import type { IamAuthenticator } from '../auth/iam.ts';

export type { IamAuthenticator } from '../auth/iam.ts';

interface AwsJsonOptions {
  services: Services;
  /** Target prefix → that service's operation table. */
  tables: Record<string, OperationTable>;
  authenticateIam: IamAuthenticator;
  /** Per-address rate of the unauthenticated operations. */
  addressLimit: AddressRateLimit;
  /** Cognito's request-rate quotas, when they are on. */
  quotas?: RequestQuotas | undefined;
  /**
   * Development mode: which web origins may call IAM (admin) operations; a browser call from any
   * other origin is refused, since development mode accepts unsigned admin calls.
   */
  devAdminOrigins?: ReadonlySet<string> | undefined;
}

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * The answer as AWS's JSON protocols write it: timestamps (Dates) as epoch seconds with
 * millisecond fractions, members that are null left out (null array items stay null), as a plain
 * copy that `JSON.stringify` then serialises without a replacer. A replacer function is called
 * for every key and value and takes V8 off its fast serialiser (~0.5 ms for a page of 60 users).
 */
function toWire(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return toWire((value as { toJSON(key: string): unknown }).toJSON(''));
  if (Array.isArray(value)) {
    // Built in wire form by its handler (protocol/wire-ready.ts): nothing to copy.
    if (isWireReady(value)) return value;
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      out[i] = typeof item === 'object' && item !== null ? toWire(item) : item;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member === null || member === undefined) continue;
    const wire = typeof member === 'object' ? toWire(member) : member;
    if (wire === null) continue;
    // A map's keys are the caller's: `__proto__` must stay an own member.
    if (key === '__proto__') Object.defineProperty(out, key, { value: wire, enumerable: true, writable: true, configurable: true });
    else out[key] = wire;
  }
  return out;
}

export function encode(value: unknown): string {
  return JSON.stringify(toWire(value ?? {}));
}

/**
 * The status AWS's JSON protocol gives a service error: 500 for a server fault, 429 for
 * throttling, 403 for development mode's refusal of a foreign origin, else 400.
 */
const CLIENT_STATUS: Readonly<Record<string, number>> = { TooManyRequestsException: 429, AccessDeniedException: 403 };
const statusOf = (error: ServiceError): number =>
  error.fault === 'server' ? 500 : (Object.hasOwn(CLIENT_STATUS, error.name) ? CLIENT_STATUS[error.name]! : 400);

/**
 * Answers are sent as strings through a serializer that returns them as they are: Fastify then
 * keeps the content type as set (a string with a JSON type and no serializer gets
 * `; charset=utf-8` appended), and Node writes the headers and the body as one string in one
 * write, where a Buffer body is a second chunk of a `writev` after a copy of its own.
 */
const asIs = (payload: unknown): string => payload as string;

function sendError(reply: FastifyReply, requestId: string, error: ServiceError): FastifyReply {
  // Amplify reads the error name from the header, the SDKs and identity-js from the body.
  const headerMessage = error.message.replace(/[^\x20-\x7e]/g, '?').slice(0, 1024);
  return reply
    .code(statusOf(error))
    .header('content-type', CONTENT_TYPE)
    .header('x-amzn-requestid', requestId)
    .header('x-amzn-errortype', `${error.type}:`)
    .header('x-amzn-errormessage', headerMessage)
    .serializer(asIs)
    .send(JSON.stringify({ __type: error.type, message: error.message, ...error.extra }));
}

/**
 * AWS's JSON deserializers read a member or map entry set to `null` as absent, and clients rely
 * on it: amazon-cognito-identity-js sends `AuthParameters.DEVICE_KEY: null` when it has no
 * device. Nulls inside lists are left for validation to report.
 */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) dropNulls(item);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === null) delete record[key];
      else dropNulls(record[key]);
    }
  }
  return value;
}

function parseBody(body: Buffer, service: ServiceName, operation: string): Record<string, unknown> {
  if (body.length === 0) return {};
  // Before JSON.parse and dropNulls recurse: no input of the model nests deeper than this.
  if (nestsDeeperThan(body, maxInputDepth(service, operation))) {
    throw errors.serialization(`The request body nests deeper than ${operation} allows.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw errors.serialization('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.serialization('The request body must be a JSON object.');
  }
  return dropNulls(parsed) as Record<string, unknown>;
}

/**
 * A page in a browser always sends `Origin` with a cross-origin POST; scripts and SDKs outside
 * browsers send none. Development mode lets unsigned callers administer, so a page from an origin
 * not allowed must not.
 */
function refuseForeignOrigin(request: FastifyRequest, allowed: ReadonlySet<string>): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !allowed.has(origin)) {
    throw new CognitoError(
      'AccessDeniedException',
      `Development mode refuses admin operations from web origin ${origin.slice(0, 200)}; allow it with --dev-allowed-origins.`,
    );
  }
}

/** Headers that browser clients (amazon-cognito-identity-js, Amplify, SDK v3) send. */
const ALLOWED_HEADERS = [
  'content-type', 'x-amz-target', 'x-amz-user-agent', 'cache-control', 'amz-sdk-invocation-id', 'amz-sdk-request',
  'authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
].join(', ');
/** CORS: any origin may call, and read the headers the SDKs read. On every answer of the surface. */
const ALLOW_ORIGIN = '*';
const EXPOSED_HEADERS = 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date';
const withCors = (reply: FastifyReply): FastifyReply =>
  reply.header('access-control-allow-origin', ALLOW_ORIGIN).header('access-control-expose-headers', EXPOSED_HEADERS);

const LARGE_BODY_LIMIT = 2 * 1024 * 1024;
const LARGE_BODY_OPERATIONS: ReadonlySet<string> = new Set(['CreateManagedLoginBranding', 'UpdateManagedLoginBranding']);

/** The surface as an encapsulated plugin: register it with `app.register(awsJsonSurface, options)`. */
export async function awsJsonSurface(app: FastifyInstance, options: AwsJsonOptions): Promise<void> {
  const { services, tables } = options;
  // Every body arrives raw: SigV4 signs the exact bytes, and the JSON is parsed here so that a
  // malformed body gets a Cognito-shaped error whatever content type the client claimed.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  // Browser SDKs call from any origin. The preflight route is `OPTIONS *`: the AWS surfaces
  // share `/`, and the other surfaces' pages need no preflight. The CORS headers are set by the
  // routes and the error handler themselves (with @fastify/cors's answers: the same headers, a
  // preflight without Origin or Access-Control-Request-Method refused): a plugin's hook on every
  // request cost more than the two headers.
  app.options('*', (request, reply) => {
    withCors(reply);
    if (!request.headers.origin || !request.headers['access-control-request-method']) {
      return reply.code(400).type('text/plain').send('Invalid Preflight Request');
    }
    return reply.code(204)
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', '86400')
      .header('content-length', '0')
      .send();
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    // Faults Fastify raises before our route runs (body too large, aborted upload): still a
    // Cognito-shaped 4xx, never a 500.
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    const type = status === 413 ? 'SerializationException' : status >= 500 ? 'InternalErrorException' : 'InvalidParameterException';
    const message = status >= 500 ? 'Internal server error.' : error.message;
    return withCors(reply).code(status).header('content-type', CONTENT_TYPE)
      .header('x-amzn-errortype', `${type}:`).send(JSON.stringify({ __type: type, message }));
  });

  // Cognito takes requests of up to 2 MB for the managed login branding operations (their image
  // assets, up to 1,000,000 bytes each, base64); every other operation keeps the server's limit.
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  app.post('/', { constraints: { surface: 'aws-json' }, bodyLimit: Math.max(bodyLimit, LARGE_BODY_LIMIT) }, async (request, reply) => {
    const requestId = newRequestId();
    const target = request.headers['x-amz-target'];
    let operationName = '-';
    // Answers carry tokens, secrets and personal data: no cache keeps them.
    withCors(reply).header('cache-control', 'no-store').header('pragma', 'no-cache');
    try {
      if (typeof target !== 'string' || !target.includes('.')) {
        throw errors.unknownOperation('Missing or malformed X-Amz-Target header: expected <Service>.<Operation>.');
      }
      const dot = target.lastIndexOf('.');
      const [prefix, name] = [target.slice(0, dot), target.slice(dot + 1)];
      operationName = name;
      // Own properties only: the prefix comes off the wire and may be `__proto__` or `constructor`.
      const table = Object.hasOwn(tables, prefix) ? tables[prefix] : undefined;
      const operation = table?.operations.get(name);
      if (!table || !operation) {
        // An operation AWS's model has but this server does not answer yet says so plainly.
        throw errors.unknownOperation(table && getOperation(table.service, name)
          ? `Alcove does not serve ${name} yet (see docs/operations.md).`
          : `Unknown operation ${target}.`);
      }

      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (body.length > bodyLimit && !LARGE_BODY_OPERATIONS.has(name)) {
        return reply.code(413).header('content-type', CONTENT_TYPE).header('x-amzn-errortype', 'SerializationException:')
          .send(JSON.stringify({ __type: 'SerializationException', message: 'Request body is too large' }));
      }
      let caller: Caller;
      if (operation.auth === 'sigv4') {
        if (options.devAdminOrigins) refuseForeignOrigin(request, options.devAdminOrigins);
        caller = options.authenticateIam(request, body, operation.service);
      } else {
        // Public and access-token operations alike are unsigned on the wire.
        if (!options.addressLimit.admit(request.ip)) throw errors.tooManyRequests('Rate exceeded');
        caller = { kind: 'anonymous' };
      }
      // Cognito's quota categories are the user pools' (quotas/categories.ts).
      if (options.quotas && operation.service === 'cognito-idp') await options.quotas.admit(name);
      const input = parseBody(body, operation.service, name);
      validateInput(operation.service, name, input);
      // After validation, as Cognito does: a malformed input is reported before a bad token.
      // The model requires AccessToken of every access-token operation (table.ts checks).
      if (operation.auth === 'accessToken') {
        caller = await authenticateUser(services, input['AccessToken'] as string, operation.scope);
      }

      const ctx: OperationContext = {
        services,
        caller,
        requestId,
        sourceIp: request.ip,
        userAgent: String(request.headers['user-agent'] ?? ''),
      };
      const output = await operation.handler(input, ctx);
      return reply
        .code(200)
        .header('content-type', CONTENT_TYPE)
        .header('x-amzn-requestid', requestId)
        .serializer(asIs)
        .send(encode(output));
    } catch (e) {
      if (isServiceError(e)) {
        if (e.fault === 'server') request.log.error({ err: e, operation: operationName, requestId }, 'operation failed');
        return sendError(reply, requestId, e);
      }
      request.log.error({ err: e, operation: operationName, requestId }, 'internal error');
      return sendError(reply, requestId, errors.internal());
    }
  });
}
