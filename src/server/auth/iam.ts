/**
 * The IAM authenticator of the AWS surfaces: checks a request's SigV4 signature against the
 * server's access keys and names the signer; development mode trusts any caller.
 */
import type { FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import type { Caller, Clock } from '../../kernel/context.ts';
import type { AccessKey } from '../credentials.ts';
import { verifySigV4 } from '../sigv4.ts';

/**
 * Verifies an IAM-signed request (SigV4) and says who signed it; `service` is the signing name
 * the credential scope must name (the operation table's service; `cognito-idp` by default).
 */
export type IamAuthenticator = (request: FastifyRequest, body: Buffer, service?: string) => Caller;

/** Headers a signature must cover: a signature leaving one out could be replayed with another value. */
const REQUIRED_SIGNED_HEADERS = ['x-amz-date', 'x-amz-target', 'content-type'];

export function iamAuthenticator(keys: AccessKey[], dev: boolean, clock: Clock, region: string): IamAuthenticator {
  const byId = new Map(keys.map((k) => [k.accessKeyId, k]));
  return (request: FastifyRequest, body: Buffer, service = 'cognito-idp'): Caller => {
    if (dev) {
      // Development mode trusts any caller; it still names the key it claims, if any.
      const claimed = /Credential=([^/]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
      return { kind: 'iam', accountId: keys[0]?.accountId ?? '000000000000', accessKeyId: claimed ?? 'dev' };
    }
    if (!request.headers.authorization) throw errors.missingAuthenticationToken('Missing Authentication Token');
    const identity = verifySigV4(
      { method: request.method, path: request.url, headers: request.headers, body },
      (id) => byId.get(id),
      { now: new Date(clock.now()), expectedService: service, expectedRegion: region, requiredSignedHeaders: REQUIRED_SIGNED_HEADERS },
    );
    return { kind: 'iam', accountId: identity.accountId, accessKeyId: identity.accessKeyId };
  };
}

