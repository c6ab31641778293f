/**
 * GetCredentialsForIdentity, the enhanced flow: the identity (authorize.ts: a guest, or
 * authenticated by its logins, linked or merged as needed), the role the pool gives it
 * (roles/resolve.ts: default roles, Token or Rules role mappings, CustomRoleArn), an OpenID
 * token of the identity pool for it, and STS's AssumeRoleWithWebIdentity with that token
 * (sts/credentials.ts: the role's trust policy sees the Federated principal
 * `cognito-identity.amazonaws.com` with its `aud`, `amr` and `sub`), session name
 * `CognitoIdentityCredentials`, the principal tags, and for guests Cognito's scope-down policy.
 * Credentials last one hour. STS's refusals become Cognito's InvalidIdentityPoolConfigurationException.
 *
 * A pool the config file names in `identityPools.credentialBrokers` gets its credentials from that
 * external STS instead (sts/external.ts), for the same role with the same token (its principal
 * tags in the token's tags claim); Cognito's guest scope-down is not sent (the external role's
 * policies alone bound guests). Its refusal is InvalidIdentityPoolConfigurationException, no
 * answer ExternalServiceException.
 */
import { errors } from '../../errors.ts';
import { isServiceError } from '../../kernel/errors.ts';
import { issueRoleCredentials } from '../../sts/credentials.ts';
import { assumeRoleWithWebIdentityAt, ExternalStsRefusal, type ExternalCredentials } from '../../sts/external.ts';
import type { IdentityHandler } from '../context.ts';
import type { RoleLogin } from '../roles/resolve.ts';
import { resolveRole } from '../roles/resolve.ts';
import { identityTokenClaims, OPEN_ID_TOKEN_SECONDS, signIdentityToken } from '../tokens/openid-token.ts';
import { authorizeIdentity } from './authorize.ts';
import { amrFor, principalTagsFor } from './session.ts';

const CREDENTIALS_SECONDS = 3600;
const SESSION_NAME = 'CognitoIdentityCredentials';

export const getCredentialsForIdentity: IdentityHandler<'GetCredentialsForIdentity'> = async (input, ctx) => {
  const { services } = ctx;
  const { pool, identityId, logins } = await authorizeIdentity(services, input.IdentityId, input.Logins);
  const roleLogins: RoleLogin[] = logins.map((l) => (l.kind === 'provider'
    ? { mappingKeys: l.mappingKeys, claims: l.claims }
    : { mappingKeys: [], claims: l.claims as unknown as Record<string, unknown> }));
  const roleArn = resolveRole({ roles: pool.roles, logins: roleLogins, customRoleArn: input.CustomRoleArn });
  const principalTags = principalTagsFor(pool, logins);
  // Alcove's own STS reads the claims only; the token is signed for an external broker alone.
  const claims = identityTokenClaims(services, {
    poolId: pool.id, identityId, amr: amrFor(logins), principalTags, seconds: OPEN_ID_TOKEN_SECONDS,
  });
  const broker = services.settings.credentialBrokers?.[pool.id];
  if (broker) {
    const token = await signIdentityToken(services, claims);
    let c: ExternalCredentials;
    try {
      c = await assumeRoleWithWebIdentityAt({
        endpoint: broker.stsEndpoint, roleArn, roleSessionName: SESSION_NAME, webIdentityToken: token, durationSeconds: CREDENTIALS_SECONDS,
      });
    } catch (e) {
      services.log.warn({ identityPoolId: pool.id, roleArn, err: (e as Error).message }, 'identity pools: the external STS gave no credentials');
      if (e instanceof ExternalStsRefusal) throw errors.invalidIdentityPoolConfiguration('Invalid identity pool configuration. Check assigned IAM roles for this pool.');
      throw errors.externalService('The external STS that issues this identity pool\'s credentials did not answer.');
    }
    return {
      IdentityId: identityId,
      Credentials: { AccessKeyId: c.accessKeyId, SecretKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration },
    };
  }
  let issued;
  try {
    issued = await issueRoleCredentials(services, {
      roleArn,
      roleSessionName: SESSION_NAME,
      webIdentity: {
        issuer: claims.iss, subject: identityId, audience: pool.id, amr: claims.amr,
        claims: claims as unknown as Record<string, unknown>, provider: 'cognito-identity.amazonaws.com',
      },
      durationSeconds: CREDENTIALS_SECONDS,
      ...(Object.keys(principalTags).length > 0 ? { principalTags } : {}),
      sourceIp: ctx.sourceIp,
      guestScopeDown: logins.length === 0,
    });
  } catch (e) {
    if (isServiceError(e) && e.fault === 'client') {
      services.log.info({ identityPoolId: pool.id, roleArn, reason: e.name }, 'identity pools: STS refused the role');
      throw errors.invalidIdentityPoolConfiguration('Invalid identity pool configuration. Check assigned IAM roles for this pool.');
    }
    throw e;
  }
  const c = issued.credentials;
  return {
    IdentityId: identityId,
    Credentials: { AccessKeyId: c.accessKeyId, SecretKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration },
  };
};
