/**
 * The identity pool's OpenID token (GetOpenIdToken, GetOpenIdTokenForDeveloperIdentity, and the
 * web identity GetCredentialsForIdentity hands STS): Cognito's claims, RS256-signed with the
 * identity pools' key, and its verification when it comes back as the
 * `cognito-identity.amazonaws.com` login.
 */
import { errors } from '../../errors.ts';
import { decodeJws, signJws, verifyJws } from '../../userPools/tokens/jws.ts';
import type { Services } from '../context.ts';
import { identityPoolArn } from '../ids.ts';
import { identityIssuerOf } from './issuer.ts';
import { identityKeys, identityPublicKey } from './keys.ts';

/** GetOpenIdToken's tokens last 10 minutes; developer tokens 15 unless TokenDuration says. */
export const OPEN_ID_TOKEN_SECONDS = 600;
export const DEVELOPER_TOKEN_SECONDS = 900;

/** The claim that carries principal tags (STS's session-tag claim). */
export const TAGS_CLAIM = 'https://aws.amazon.com/tags';
export const POOL_ARN_CLAIM = 'https://cognito-identity.amazonaws.com/identity-pool-arn';

export interface IdentityTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  amr: string[];
  exp: number;
  iat: number;
  [POOL_ARN_CLAIM]: string;
  [TAGS_CLAIM]?: { principal_tags: Record<string, string[]> };
}

export interface MintRequest {
  poolId: string;
  identityId: string;
  amr: string[];
  principalTags?: Record<string, string> | undefined;
  seconds: number;
}

/**
 * The token's claims, unsigned: what GetCredentialsForIdentity hands its own STS, which reads
 * them and discards the token (signing it would only be thrown away).
 */
export function identityTokenClaims(services: Services, r: MintRequest): IdentityTokenClaims {
  const iat = Math.floor(services.clock.now() / 1000);
  const claims: IdentityTokenClaims = {
    sub: r.identityId,
    aud: r.poolId,
    [POOL_ARN_CLAIM]: identityPoolArn(services.settings.region, services.settings.accountId, r.poolId),
    amr: r.amr,
    iss: identityIssuerOf(services.settings),
    exp: iat + r.seconds,
    iat,
  };
  if (r.principalTags && Object.keys(r.principalTags).length > 0) {
    claims[TAGS_CLAIM] = { principal_tags: Object.fromEntries(Object.entries(r.principalTags).map(([k, v]) => [k, [v]])) };
  }
  return claims;
}

/** Signs claims from identityTokenClaims with the identity pools' current key. */
export async function signIdentityToken(services: Services, claims: IdentityTokenClaims): Promise<string> {
  const { signer } = await identityKeys(services);
  return signJws(claims, signer);
}

export async function mintIdentityToken(services: Services, r: MintRequest): Promise<{ token: string; claims: IdentityTokenClaims }> {
  const claims = identityTokenClaims(services, r);
  return { token: await signIdentityToken(services, claims), claims };
}

/**
 * Verifies an identity pool OpenID token presented as a login: signature, issuer, audience
 * (this pool), expiry. NotAuthorizedException with Cognito's "Invalid login token." wording.
 */
export async function verifyIdentityToken(services: Services, token: string, poolId: string): Promise<IdentityTokenClaims> {
  const invalid = (why: string) => errors.notAuthorized(`Invalid login token. ${why}`);
  const decoded = decodeJws(token);
  if (!decoded || typeof decoded.header.kid !== 'string') throw invalid('Not a valid OpenId Connect identity token.');
  const key = await identityPublicKey(services, decoded.header.kid);
  if (!key || !verifyJws(decoded, key)) throw invalid('Not a valid OpenId Connect identity token.');
  const c = decoded.payload;
  if (c.iss !== identityIssuerOf(services.settings)) throw invalid("Issuer doesn't match providerName");
  if (c.aud !== poolId) throw invalid('Incorrect token audience.');
  const now = Math.floor(services.clock.now() / 1000);
  if (typeof c.exp !== 'number' || c.exp <= now) throw invalid(`Token expired: ${now} >= ${String(c.exp)}`);
  if (typeof c.sub !== 'string' || !Array.isArray(c.amr)) throw invalid('Not a valid OpenId Connect identity token.');
  return c as unknown as IdentityTokenClaims;
}
