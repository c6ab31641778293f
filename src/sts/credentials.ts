/**
 * The credentials core: turns a verified web identity into temporary credentials for a role, as
 * STS's AssumeRoleWithWebIdentity does (and as Cognito's GetCredentialsForIdentity calls it).
 *
 * 1. The role: one Alcove has (IAM API or config file) under exactly that ARN. A role Alcove does
 *    not know is refused with AccessDenied, unless the development setting
 *    `sts.trustUnknownRoles` is on: then the trust check is skipped and the credentials carry no
 *    permission policy, so the verifier answers who holds them but allows no action.
 * 2. The trust policy, evaluated for `sts:AssumeRoleWithWebIdentity` by the Federated principal
 *    (the provider: `cognito-identity.amazonaws.com`, or the issuer without its scheme, also as
 *    `arn:aws:iam::<account>:oidc-provider/<provider>`), with the context keys
 *    `<provider>:aud`, `:sub`, `:amr`, `aws:RequestTag/<k>`, `aws:TagKeys`, `aws:SourceIp`,
 *    `aws:CurrentTime`, `aws:EpochTime`, `aws:FederatedProvider`; principal tags also need
 *    `sts:TagSession`. Refused: AccessDenied `Not authorized to perform sts:AssumeRoleWithWebIdentity`.
 * 3. DurationSeconds 900..the role's MaxSessionDuration (default 3600); the session policy
 *    (MalformedPolicyDocument; PackedPolicyTooLarge when it and the tags, packed, pass 2,048 bytes).
 * 4. `ASIA` + 16 characters, a 40-character secret and an opaque session token; the secret and
 *    token are stored sealed by the KeyVault (a SigV4 check needs the secret itself, so a MAC
 *    cannot do), with the role, session, identity, tags and session policies, so that the
 *    verifier can check and authorise requests and revocation can end them.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Services } from '../kernel/context.ts';
import { stsErrors } from '../iam/errors.ts';
import { parsePolicy, evaluatePolicies, requestContext, GUEST_SCOPE_DOWN_POLICY } from '../iam/policy/index.ts';
import { findRole, parseRoleArn, pseudoRoleId, roleNameKey, DEFAULT_MAX_SESSION_DURATION } from '../iam/roles.ts';
import type { SessionIdentity } from '../iam/store.ts';
import { sessionContextKeys } from './session-context.ts';

export interface WebIdentity {
  /** The token's `iss`. */
  issuer: string;
  /** The token's `sub` (for an identity pool's token: the identity id). */
  subject: string;
  /** The token's `aud` (the app client id; for an identity pool's token: the identity pool id). */
  audience: string;
  /** `amr` values (identity pools: `authenticated` / `unauthenticated`, the provider, ...). */
  amr?: string[];
  /** The token's claims, as verified. */
  claims: Readonly<Record<string, unknown>>;
  /**
   * The provider name policies see (`Principal.Federated`, `<provider>:sub`); default: the issuer
   * without its scheme. Identity pools pass `cognito-identity.amazonaws.com`.
   */
  provider?: string;
}

export interface IssueRoleCredentialsInput {
  roleArn: string;
  roleSessionName: string;
  webIdentity: WebIdentity;
  /** 900..role's MaxSessionDuration; default 3600. */
  durationSeconds?: number;
  /** A session policy (JSON text) narrowing the role's policies. */
  sessionPolicy?: string;
  /** Session tags (`aws:PrincipalTag/<key>`); need `sts:TagSession` in the trust policy. */
  principalTags?: Record<string, string>;
  /** The caller's address (`aws:SourceIp` in the trust policy). */
  sourceIp?: string;
  /** Bound the session by Cognito's guest scope-down policy (identity pools' unauthenticated identities). */
  guestScopeDown?: boolean;
}

export interface IssuedRoleCredentials {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
  assumedRoleUser: { arn: string; assumedRoleId: string };
  subjectFromWebIdentityToken: string;
  audience: string;
  provider: string;
  /** Percentage of the packed-policy allowance used (STS's PackedPolicySize), when a policy or tags were passed. */
  packedPolicySize?: number;
}

const ACTION = 'sts:AssumeRoleWithWebIdentity';
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MIN_DURATION = 900;
const PACKED_POLICY_LIMIT = 2048;
const MAX_TAGS = 50;
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The associated data the secret and session token of `accessKeyId` are sealed with. */
export const sealContext = (accessKeyId: string): string => `sts:${accessKeyId}:secret`;

/** The provider name of an issuer: the URL without its scheme or trailing slash. */
export const providerOfIssuer = (issuer: string): string => issuer.replace(/^https?:\/\//, '').replace(/\/+$/, '');

const notAuthorized = () => stsErrors.accessDenied(`Not authorized to perform ${ACTION}`);

function newAccessKeyId(): string {
  let id = 'ASIA';
  for (let i = 0; i < 16; i++) id += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return id;
}

/** What the credential row keeps of the web identity: what policies read at request time. */
function sessionIdentity(web: WebIdentity, provider: string): SessionIdentity {
  return { provider, subject: web.subject, audience: web.audience, amr: web.amr ?? [] };
}

function checkTags(tags: Record<string, string>): void {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw stsErrors.validation(`1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  for (const [k, v] of entries) {
    if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u.test(k) || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u.test(v)) {
      throw stsErrors.validation(`The tag '${k.slice(0, 128)}' is not a valid session tag.`);
    }
  }
}

/** STS's packed size of a session policy and tags, in percent of the allowance; PackedPolicyTooLarge beyond. */
function packedPolicySize(policy: string | undefined, tags: Record<string, string>): number | undefined {
  if (policy === undefined && Object.keys(tags).length === 0) return undefined;
  const packed = (policy === undefined ? 0 : JSON.stringify(JSON.parse(policy)).length)
    + Object.entries(tags).reduce((n, [k, v]) => n + k.length + v.length + 2, 0);
  const percent = Math.ceil((packed / PACKED_POLICY_LIMIT) * 100);
  if (percent > 100) throw stsErrors.packedPolicyTooLarge(`Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
  return percent;
}

export async function issueRoleCredentials(services: Services, input: IssueRoleCredentialsInput): Promise<IssuedRoleCredentials> {
  const { store, clock, settings, vault } = services;
  const arnParts = parseRoleArn(input.roleArn);
  if (!arnParts) throw stsErrors.validation(`${input.roleArn.slice(0, 256)} is invalid`);
  if (!SESSION_NAME.test(input.roleSessionName)) {
    const n = input.roleSessionName.length;
    const constraint = n < 2 ? 'Member must have length greater than or equal to 2'
      : n > 64 ? 'Member must have length less than or equal to 64' : 'Member must satisfy regular expression pattern: [\\w+=,.@-]*';
    throw stsErrors.validation(`1 validation error detected: Value '${input.roleSessionName.slice(0, 64)}' at 'roleSessionName' failed to satisfy constraint: ${constraint}`);
  }
  const web = input.webIdentity;
  const provider = web.provider ?? providerOfIssuer(web.issuer);
  const tags = input.principalTags ?? {};
  checkTags(tags);

  const role = await findRole(store, input.roleArn);
  const trustUnknown = settings.sts?.trustUnknownRoles === true;
  if (!role && !trustUnknown) throw notAuthorized();

  const maxDuration = role?.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
  const duration = input.durationSeconds ?? DEFAULT_MAX_SESSION_DURATION;
  if (!Number.isInteger(duration) || duration < MIN_DURATION) {
    throw stsErrors.validation(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION}`);
  }
  if (duration > maxDuration) {
    throw stsErrors.validation(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
  }

  const now = clock.now();
  const identity = sessionIdentity(web, provider);
  if (role) {
    const trust = parsePolicy(role.trustPolicy, 'trust');
    const context = requestContext({
      ...sessionContextKeys(identity, tags, now),
      'aws:SourceIp': input.sourceIp,
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
      'aws:TagKeys': Object.keys(tags).length > 0 ? Object.keys(tags) : undefined,
    });
    const principal = { type: 'Federated', ids: [provider, `arn:aws:iam::${settings.accountId}:oidc-provider/${provider}`] };
    const allowed = (action: string) => evaluatePolicies([trust], { action, principal, context }) === 'Allow';
    if (!allowed(ACTION)) throw notAuthorized();
    if (Object.keys(tags).length > 0 && !allowed('sts:TagSession')) throw stsErrors.accessDenied('Not authorized to perform sts:TagSession');
  }

  const sessionPolicies: string[] = [];
  if (input.sessionPolicy !== undefined) {
    parsePolicy(input.sessionPolicy);
    sessionPolicies.push(input.sessionPolicy);
  }
  const packed = packedPolicySize(input.sessionPolicy, tags);
  if (input.guestScopeDown) sessionPolicies.push(GUEST_SCOPE_DOWN_POLICY);

  const accessKeyId = newAccessKeyId();
  const secretAccessKey = randomBytes(30).toString('base64');
  const sessionToken = `IQoJ${randomBytes(96).toString('base64')}`;
  const expiresAt = now + duration * 1000;
  const assumedRoleId = `${role?.roleId ?? pseudoRoleId(input.roleArn)}:${input.roleSessionName}`;
  await store.temporaryCredentials.insert({
    accessKeyId,
    secretEnc: vault.seal(JSON.stringify({ secret: secretAccessKey, token: sessionToken }), sealContext(accessKeyId)),
    roleArn: input.roleArn,
    roleNameKey: roleNameKey(arnParts.name),
    sessionName: input.roleSessionName,
    assumedRoleId,
    identity,
    principalTags: tags,
    sessionPolicies,
    unknownRole: !role,
    createdAt: now,
    expiresAt,
    revokedAt: undefined,
  });
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiresAt) },
    assumedRoleUser: {
      arn: `arn:aws:sts::${arnParts.accountId}:assumed-role/${arnParts.name}/${input.roleSessionName}`,
      assumedRoleId,
    },
    subjectFromWebIdentityToken: web.subject,
    audience: web.audience,
    provider,
    ...(packed !== undefined ? { packedPolicySize: packed } : {}),
  };
}
