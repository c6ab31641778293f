/**
 * The AWS Query surface (STS, IAM), an encapsulated plugin: `POST /` with a form body (or an
 * `Action=` query), answered in XML; errors as AWS Query's `<ErrorResponse>`. It serves no
 * action yet: every one is an `InvalidAction`, a request without one a `MissingAction`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ServiceError, isServiceError } from '../../kernel/errors.ts';
import { newRequestId } from '../../kernel/ids.ts';

const CONTENT_TYPE = 'text/xml';

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** The status AWS Query gives a service error: 500 for a server fault, 429 for throttling, else 400. */
const statusOf = (error: ServiceError): number =>
  error.fault === 'server' ? 500 : error.name === 'Throttling' ? 429 : 400;

function sendQueryError(reply: FastifyReply, requestId: string, error: ServiceError, status = statusOf(error)): FastifyReply {
  const xml = '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
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

export async function awsQuerySurface(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // A form POST whose Action is in the query may carry any body; it is not read.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, undefined));

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (isServiceError(error)) return sendQueryError(reply, newRequestId(), error);
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'unhandled error');
    const fault = status >= 500
      ? new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error.', 'server')
      : new ServiceError(status === 413 ? 'RequestEntityTooLarge' : 'MalformedQueryString', error.message);
    return sendQueryError(reply, newRequestId(), fault, status);
  });

  app.post('/', { constraints: { surface: 'aws-query' } }, async (request, reply) => {
    const requestId = newRequestId();
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const params = parametersOf(request.body, request.url);
    const action = params.get('Action');
    if (!action) return sendQueryError(reply, requestId, new ServiceError('MissingAction', 'Missing Action'));
    const version = params.get('Version') ?? '';
    return sendQueryError(reply, requestId, new ServiceError(
      'InvalidAction', `Could not find operation ${action.slice(0, 128)} for version ${version.slice(0, 32)}`,
    ));
  });
}
