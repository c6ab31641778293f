/**
 * `POST /` is shared by the AWS surfaces: a request naming an `X-Amz-Target` goes to aws-json
 * (both Cognito services), a form body or an `Action=` query (AWS Query: STS, IAM) to aws-query,
 * anything else to aws-json, which answers it as a malformed AWS JSON call. The choice is a
 * Fastify route constraint, so that each surface's route lives in its own encapsulated plugin
 * with its own parsers, error encoder and CORS.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';

type ConstraintStrategy = Parameters<FastifyInstance['addConstraintStrategy']>[0];

type AwsSurface = 'aws-json' | 'aws-query';

const FORM = 'application/x-www-form-urlencoded';

export function surfaceOf(headers: IncomingHttpHeaders, url: string): AwsSurface {
  if (headers['x-amz-target'] !== undefined) return 'aws-json';
  const type = String(headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === FORM) return 'aws-query';
  const query = url.indexOf('?');
  return query >= 0 && /(?:^|&)Action=/.test(url.slice(query + 1)) ? 'aws-query' : 'aws-json';
}

/** The route constraint `{ surface: 'aws-json' | 'aws-query' }` (find-my-way's strategy shape). */
export const surfaceConstraint: ConstraintStrategy = {
  name: 'surface',
  storage() {
    const handlers = new Map<string, any>();
    return {
      get: (value: string) => handlers.get(value) ?? null,
      set: (value: string, handler: any) => { handlers.set(value, handler); },
    };
  },
  deriveConstraint: (request) => surfaceOf(request.headers, request.url ?? '/'),
  mustMatchWhenDerived: false,
  validate(value: unknown) {
    if (value !== 'aws-json' && value !== 'aws-query') throw new Error(`unknown surface ${String(value)}`);
  },
};
