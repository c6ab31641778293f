/**
 * The verifier for resource servers: given a request a client signed (SigV4, header or
 * presigned URL) with credentials STS issued, who is the caller and may they do `action` on
 * `resource`?
 *
 * 1. The signature (server/sigv4.ts `verifySignedRequest`: any service and region, clock skew of
 *    15 minutes, presigned URLs' `X-Amz-Expires`), against the credential's sealed secret, with
 *    its session token; the credential live (sessions.ts: not expired, not revoked).
 * 2. The decision (when an action is asked): the role's inline policies as they are now (a
 *    deleted role allows nothing), narrowed by the session's policies (the request's Policy,
 *    Cognito's guest scope-down), in the request context: the session's keys
 *    (`<provider>:sub|aud|amr`, `aws:PrincipalTag/*`, `aws:FederatedProvider`), `aws:userid`,
 *    `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:TokenIssueTime`, `aws:RequestedRegion`,
 *    `aws:SourceIp`, `aws:SecureTransport`, `aws:CurrentTime`, `aws:EpochTime`, and any keys
 *    the resource server adds (e.g. `s3:prefix`).
 */
import type { Services } from '../kernel/context.ts';
import { ServiceError, isServiceError } from '../kernel/errors.ts';
import { permissionPolicies } from '../iam/roles.ts';
import { evaluateSession, parsePolicy, requestContext, type Decision } from '../iam/policy/index.ts';
import type { TemporaryCredentialRow } from '../iam/store.ts';
import { verifySignedRequest, type SigV4Request } from '../server/sigv4.ts';
import { sessionContextKeys } from './session-context.ts';
import { findLiveCredential } from './sessions.ts';

export interface VerifyInput {
  /** The request as the resource server received it. */
  request: {
    method: string;
    /** Path and query, as received (still percent-encoded). */
    url: string;
    headers: Record<string, string | string[] | undefined>;
    /** The body, when the signature covers it and no `x-amz-content-sha256` header declares its hash. */
    body?: Uint8Array | string | undefined;
  };
  /** `s3:GetObject`; omitted: only who the caller is. */
  action?: string | undefined;
  /** `arn:aws:s3:::bucket/key`; `*` when omitted (actions without a resource). */
  resource?: string | undefined;
  /** Extra condition keys (`s3:prefix`, `aws:SourceIp`, `aws:SecureTransport`, ...). */
  context?: Record<string, string | string[]> | undefined;
}

export interface VerifiedCaller {
  accessKeyId: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  arn: string;
  /** `AROA…:<session>` (`aws:userid`). */
  userId: string;
  account: string;
  roleArn: string;
  sessionName: string;
  /** The web identity: provider, subject (an identity pool's identity id), audience, amr. */
  provider: string;
  subject: string;
  audience: string;
  amr: string[];
  principalTags: Record<string, string>;
  expiration: string;
  presigned: boolean;
}

export type VerifyResult =
  | { authenticated: true; caller: VerifiedCaller; decision?: Decision; allowed?: boolean }
  | { authenticated: false; allowed: false; error: { code: string; message: string } };

/** The SigV4 failures under the codes AWS answers a resource request with. */
function refusal(e: ServiceError): { code: string; message: string } {
  const code = {
    MissingAuthenticationTokenException: 'MissingAuthenticationToken',
    IncompleteSignatureException: 'IncompleteSignature',
    InvalidSignatureException: 'SignatureDoesNotMatch',
    UnrecognizedClientException: 'InvalidClientTokenId',
  }[e.name] ?? e.name;
  return { code, message: e.message };
}

function callerOf(row: TemporaryCredentialRow, presigned: boolean): VerifiedCaller {
  const [, , , , account, rest] = row.roleArn.split(':');
  const roleName = rest!.slice(rest!.lastIndexOf('/') + 1);
  return {
    accessKeyId: row.accessKeyId,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${row.sessionName}`,
    userId: row.assumedRoleId,
    account: account!,
    roleArn: row.roleArn,
    sessionName: row.sessionName,
    provider: row.identity.provider,
    subject: row.identity.subject,
    audience: row.identity.audience,
    amr: row.identity.amr,
    principalTags: row.principalTags,
    expiration: new Date(row.expiresAt).toISOString(),
    presigned,
  };
}

export async function verifyRequest(services: Services, input: VerifyInput): Promise<VerifyResult> {
  let row: TemporaryCredentialRow | undefined;
  let presigned: boolean;
  let region: string;
  try {
    const identity = await verifySignedRequest(
      { method: input.request.method, path: input.request.url, headers: input.request.headers, body: input.request.body ?? '' } satisfies SigV4Request,
      async (id) => {
        const live = await findLiveCredential(services, id);
        row = live?.row;
        return live?.credential;
      },
      { now: new Date(services.clock.now()), allowUnsignedPayload: true, trustDeclaredPayloadHash: input.request.body === undefined },
    );
    presigned = identity.presigned;
    region = identity.region;
  } catch (e) {
    if (!isServiceError(e)) throw e;
    return { authenticated: false, allowed: false, error: refusal(e) };
  }
  const session = row!;
  const caller = callerOf(session, presigned);
  if (input.action === undefined) return { authenticated: true, caller };

  const now = services.clock.now();
  const [role, policies] = session.unknownRole ? [undefined, []]
    : await Promise.all([services.store.roles.get(session.roleNameKey), permissionPolicies(services.store, session.roleNameKey)]);
  const identityPolicies = role?.arn === session.roleArn ? policies : [];
  const boundaries = session.sessionPolicies.map((p) => [parsePolicy(p)]);
  const context = requestContext({
    'aws:userid': session.assumedRoleId,
    'aws:PrincipalArn': session.roleArn,
    'aws:PrincipalAccount': caller.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:TokenIssueTime': new Date(session.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:RequestedRegion': region,
    ...sessionContextKeys(session.identity, session.principalTags, now),
    ...input.context,
  });
  const decision = evaluateSession(identityPolicies, boundaries, {
    action: input.action,
    resource: input.resource ?? '*',
    context,
  });
  return { authenticated: true, caller, decision, allowed: decision === 'Allow' };
}
