/**
 * STS's operations on the aws-query surface: AssumeRoleWithWebIdentity (unsigned, as the SDK
 * sends it) and GetCallerIdentity (signed with the server's keys or with issued credentials).
 * Input constraints from STS's model (catalog/sts.json), reported as STS's ValidationError.
 */
import { stsErrors } from '../iam/errors.ts';
import { ServiceError } from '../kernel/errors.ts';
import { validateInput } from '../protocol/validate.ts';
import { intParam, memberList, param, xmlNode, xmlText, xmlTime } from '../protocol/query.ts';
import { issueRoleCredentials } from '../sts/credentials.ts';
import { verifyWebIdentityToken } from '../sts/web-identity.ts';
import type { QueryService } from './query-table.ts';

/** Checks a Query input against STS's model; Coral's messages under STS's code. */
function validated(operation: string, input: Record<string, unknown>): void {
  try {
    validateInput('sts', operation, input);
  } catch (e) {
    if (e instanceof ServiceError && (e.name === 'InvalidParameterException' || e.name === 'SerializationException')) {
      throw stsErrors.validation(e.message);
    }
    throw e;
  }
}

/**
 * Session tags a web identity token carries, as STS reads them: the claim
 * `https://aws.amazon.com/tags` → `principal_tags` (`{"key": ["value"]}`); the role's trust
 * policy must then allow `sts:TagSession`.
 */
function sessionTagsOf(claims: Readonly<Record<string, unknown>>): Record<string, string> | undefined {
  const claim = claims['https://aws.amazon.com/tags'];
  const tags = claim && typeof claim === 'object' ? (claim as { principal_tags?: unknown }).principal_tags : undefined;
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first !== 'string') throw stsErrors.invalidIdentityToken(`The session tag ${key.slice(0, 128)} in the token is not a string.`);
    out[key] = first;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export const stsService: QueryService = {
  signingName: 'sts',
  version: '2011-06-15',
  namespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  regional: true,
  operations: {
    AssumeRoleWithWebIdentity: {
      auth: 'none',
      async handle(params, ctx) {
        const duration = intParam(params, 'DurationSeconds');
        const policyArns = memberList(params, 'PolicyArns');
        const input = defined({
          RoleArn: param(params, 'RoleArn'), RoleSessionName: param(params, 'RoleSessionName'),
          WebIdentityToken: param(params, 'WebIdentityToken'), ProviderId: param(params, 'ProviderId'),
          Policy: param(params, 'Policy'), DurationSeconds: duration,
        });
        validated('AssumeRoleWithWebIdentity', input);
        if (duration !== undefined && Number.isNaN(duration)) throw stsErrors.validation(`Value '${params.get('DurationSeconds')!.slice(0, 32)}' at 'durationSeconds' failed to satisfy constraint: Member must be a number`);
        if (policyArns.length > 0) throw stsErrors.validation('Managed session policies (PolicyArns) are not supported by this server.');
        const web = await verifyWebIdentityToken(ctx.services, input.WebIdentityToken as string);
        const tags = sessionTagsOf(web.claims);
        const out = await issueRoleCredentials(ctx.services, {
          roleArn: input.RoleArn as string, roleSessionName: input.RoleSessionName as string, webIdentity: web,
          ...(duration !== undefined ? { durationSeconds: duration } : {}),
          ...(input.Policy !== undefined ? { sessionPolicy: input.Policy as string } : {}),
          sourceIp: ctx.sourceIp,
          ...(tags ? { principalTags: tags } : {}),
        });
        return xmlText('SubjectFromWebIdentityToken', out.subjectFromWebIdentityToken)
          + xmlText('Audience', out.audience)
          + xmlNode('AssumedRoleUser', xmlText('Arn', out.assumedRoleUser.arn) + xmlText('AssumedRoleId', out.assumedRoleUser.assumedRoleId))
          + xmlNode('Credentials', xmlText('AccessKeyId', out.credentials.accessKeyId)
            + xmlText('SecretAccessKey', out.credentials.secretAccessKey)
            + xmlText('SessionToken', out.credentials.sessionToken)
            + xmlText('Expiration', xmlTime(out.credentials.expiration)))
          + xmlText('Provider', out.provider)
          + xmlText('PackedPolicySize', out.packedPolicySize);
      },
    },
    GetCallerIdentity: {
      auth: 'sigv4-session',
      async handle(_params, ctx) {
        const { caller } = ctx;
        const accountId = ctx.services.settings.accountId;
        if (caller.kind === 'session') {
          const [, , , , account, rest] = caller.row.roleArn.split(':');
          const roleName = rest!.slice(rest!.lastIndexOf('/') + 1);
          return xmlText('UserId', caller.row.assumedRoleId)
            + xmlText('Account', account)
            + xmlText('Arn', `arn:aws:sts::${account}:assumed-role/${roleName}/${caller.row.sessionName}`);
        }
        // The server's own access keys act as the account's root.
        return xmlText('UserId', accountId) + xmlText('Account', accountId) + xmlText('Arn', `arn:aws:iam::${accountId}:root`);
      },
    },
  },
};
