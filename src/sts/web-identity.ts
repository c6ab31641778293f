/**
 * Verifying the web identity token of AssumeRoleWithWebIdentity: a pluggable list of
 * verifiers, each answering for the issuers it knows. Served: ID tokens of Alcove's own user
 * pools (signature against the pool's keys, as the JWKS publishes them) and ID tokens of the
 * external OpenID Connect issuers in `sts.trustedIssuers` (keys from their discovery document's
 * `jwks_uri`, cached ten minutes), and the identity pools' own OpenID tokens (the classic flow:
 * GetOpenIdToken or GetOpenIdTokenForDeveloperIdentity, then AssumeRoleWithWebIdentity): the
 * identity key, `aud` an identity pool that allows the classic flow, the provider
 * `cognito-identity.amazonaws.com` as Cognito's tokens have it; and the issuers registered as IAM
 * OpenID Connect providers (CreateOpenIDConnectProvider: `iss` its URL, the audience among its
 * client ids, the provider named by its URL without the scheme), asked before the others.
 *
 * STS's rules: RS256/384/512 or ES256/384/512 signatures; `exp` with five minutes of skew
 * (ExpiredTokenException); a token that is not a JWT, or an access token, or from an issuer no
 * verifier knows, or for an audience not trusted: InvalidIdentityToken; an issuer whose keys
 * cannot be fetched: IDPCommunicationError.
 */
import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Services } from '../kernel/context.ts';
import { stsErrors } from '../iam/errors.ts';
import { issuerOf, poolIdOfIssuer } from '../userPools/tokens/issuer.ts';
import { decodeJws, verifyJws } from '../userPools/tokens/jws.ts';
import { publicKeyFor } from '../userPools/tokens/signing-keys.ts';
import { identityIssuerOf } from '../identityPools/tokens/issuer.ts';
import { identityPublicKey } from '../identityPools/tokens/keys.ts';
import { audienceOf, oidcUrlKey } from '../iam/oidc-providers.ts';
import type { OidcProviderRow } from '../iam/store.ts';
import { providerOfIssuer, type WebIdentity } from './credentials.ts';

type Decoded = NonNullable<ReturnType<typeof decodeJws>>;

/** Verifies tokens of the issuers it knows; `verify` is called only when `accepts(iss)`. */
export interface WebIdentityVerifier {
  accepts(issuer: string): boolean | Promise<boolean>;
  verify(token: Decoded): Promise<WebIdentity>;
}

export type WebIdentityVerifierFactory = (services: Services) => WebIdentityVerifier;

const SKEW_MS = 5 * 60_000;
const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';

const invalid = (message: string) => stsErrors.invalidIdentityToken(message);

/** The common checks of a verified token's claims: times, subject and audience. */
function identityOf(services: Services, claims: Record<string, unknown>, audiences?: readonly string[]): WebIdentity {
  const now = services.clock.now();
  if (typeof claims.exp !== 'number') throw invalid('Missing a required claim: exp');
  if (claims.exp * 1000 + SKEW_MS <= now) {
    throw stsErrors.expiredToken(`Token expired: current date/time ${Math.floor(now / 1000)} must be before the expiration date/time ${claims.exp}`);
  }
  if (typeof claims.iat === 'number' && claims.iat * 1000 > now + SKEW_MS) throw invalid('Token used before issued');
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > now + SKEW_MS) throw invalid('Token used before its not-before time');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid('Missing a required claim: sub');
  const auds = typeof claims.aud === 'string' ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud.filter((a): a is string => typeof a === 'string') : [];
  if (auds.length === 0) throw invalid('Missing a required claim: aud');
  const audience = audiences ? auds.find((a) => audiences.includes(a)) : auds[0];
  if (audience === undefined) throw invalid('Incorrect token audience');
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((a): a is string => typeof a === 'string') : [];
  return { issuer: claims.iss as string, subject: claims.sub, audience, amr, claims, provider: providerOfIssuer(claims.iss as string) };
}

/** ID tokens of this server's user pools. */
export const userPoolIdTokens: WebIdentityVerifierFactory = (services) => ({
  accepts: (issuer) => issuer === issuerOf(services.settings, poolIdOfIssuer(issuer)),
  async verify(token) {
    const claims = token.payload;
    const poolId = poolIdOfIssuer(claims.iss as string);
    const key = typeof token.header.kid === 'string' ? await publicKeyFor(services, poolId, token.header.kid) : undefined;
    if (!key || !verifyJws(token, key)) throw invalid('Unable to verify the ID token signature');
    if (claims.token_use !== 'id') throw invalid(NOT_A_JWT);
    return identityOf(services, claims);
  },
});

/** The provider Cognito's identity tokens name (`Principal.Federated`, `cognito-identity.amazonaws.com:aud|sub|amr`). */
export const COGNITO_IDENTITY_PROVIDER = 'cognito-identity.amazonaws.com';

/**
 * The identity pools' OpenID tokens (the basic flow): signed with the identity key, `aud` an
 * identity pool of this server whose AllowClassicFlow is on (checked now, so that turning it off
 * ends the flow for tokens already minted; developer tokens included).
 */
export const identityPoolTokens: WebIdentityVerifierFactory = (services) => ({
  accepts: (issuer) => issuer === identityIssuerOf(services.settings),
  async verify(token) {
    const kid = typeof token.header.kid === 'string' ? token.header.kid : '';
    const key = await identityPublicKey(services, kid);
    if (!key || !verifyJws(token, key)) throw invalid('Unable to verify the ID token signature');
    const identity = identityOf(services, token.payload);
    const pool = await services.store.identityPools.getCached(identity.audience);
    if (!pool) throw invalid('Incorrect token audience');
    if (pool.config.AllowClassicFlow !== true) throw stsErrors.idpRejectedClaim('Basic (classic) flow is not enabled, please use enhanced flow.');
    return { ...identity, provider: COGNITO_IDENTITY_PROVIDER };
  },
});

// ---------------------------------------------------------------------------------------------
// External OpenID Connect issuers

const ALGORITHMS: Record<string, { hash: string; ec: boolean }> = {
  RS256: { hash: 'sha256', ec: false }, RS384: { hash: 'sha384', ec: false }, RS512: { hash: 'sha512', ec: false },
  ES256: { hash: 'sha256', ec: true }, ES384: { hash: 'sha384', ec: true }, ES512: { hash: 'sha512', ec: true },
};
const KEYS_TTL_MS = 10 * 60_000;
const FETCH_TIMEOUT_MS = 5_000;
/** JWKS by URL: per process, bounded by the configured issuers. */
const jwksCache = new Map<string, { keys: Map<string, KeyObject>; until: number }>();

const communicationError = () => stsErrors.idpCommunicationError(
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
);

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null) throw new Error(`${url}: not an object`);
  return body as Record<string, unknown>;
}

async function issuerKeys(issuer: string, jwksUri: string | undefined, now: number, refresh: boolean): Promise<Map<string, KeyObject>> {
  const cacheKey = jwksUri ?? issuer;
  const cached = jwksCache.get(cacheKey);
  if (cached && cached.until > now && !refresh) return cached.keys;
  try {
    const uri = jwksUri ?? String((await fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`)).jwks_uri ?? '');
    const jwks = await fetchJson(uri);
    const keys = new Map<string, KeyObject>();
    for (const jwk of Array.isArray(jwks.keys) ? jwks.keys as JsonWebKey[] : []) {
      try {
        keys.set(typeof jwk.kid === 'string' ? jwk.kid : '', createPublicKey({ key: jwk, format: 'jwk' }));
      } catch { /* a key we cannot read is skipped */ }
    }
    jwksCache.set(cacheKey, { keys, until: now + KEYS_TTL_MS });
    return keys;
  } catch {
    throw communicationError();
  }
}

function verifyExternal(token: Decoded, key: KeyObject): boolean {
  const alg = ALGORITHMS[String(token.header.alg)];
  if (!alg) return false;
  try {
    return verifySignature(alg.hash, Buffer.from(token.signingInput), alg.ec ? { key, dsaEncoding: 'ieee-p1363' } : key, token.signature);
  } catch {
    return false;
  }
}

/** ID tokens of the issuers in `sts.trustedIssuers`. */
export const trustedOidcIssuers: WebIdentityVerifierFactory = (services) => {
  const issuers = services.settings.sts?.trustedIssuers ?? [];
  return {
    accepts: (issuer) => issuers.some((i) => i.issuer === issuer),
    async verify(token) {
      const iss = token.payload.iss as string;
      const config = issuers.find((i) => i.issuer === iss)!;
      const kid = typeof token.header.kid === 'string' ? token.header.kid : '';
      const now = services.clock.now();
      let key = (await issuerKeys(iss, config.jwksUri, now, false)).get(kid);
      if (!key) key = (await issuerKeys(iss, config.jwksUri, now, true)).get(kid);
      if (!key || !verifyExternal(token, key)) throw invalid('Unable to verify the ID token signature');
      return identityOf(services, token.payload, config.audiences);
    },
  };
};

/** The issuers registered with CreateOpenIDConnectProvider: their keys through discovery, the audience among their client ids. */
export const registeredOidcProviders: WebIdentityVerifierFactory = (services) => {
  let registered: OidcProviderRow | undefined;
  return {
    async accepts(issuer) {
      registered = await services.store.oidcProviders.get(oidcUrlKey(issuer));
      return registered?.url === issuer;
    },
    async verify(token) {
      const provider = registered!;
      const iss = token.payload.iss as string;
      const kid = typeof token.header.kid === 'string' ? token.header.kid : '';
      const now = services.clock.now();
      let key = (await issuerKeys(iss, undefined, now, false)).get(kid);
      if (!key) key = (await issuerKeys(iss, undefined, now, true)).get(kid);
      if (!key || !verifyExternal(token, key)) throw invalid('Unable to verify the ID token signature');
      const identity = identityOf(services, token.payload);
      const audience = audienceOf(provider, token.payload);
      if (audience === undefined) throw invalid('Incorrect token audience');
      return { ...identity, audience, provider: provider.urlKey };
    },
  };
};

/** The verifiers AssumeRoleWithWebIdentity asks, in order (the identity issuer first: `<base>/cognito-identity` looks like a user pool issuer). */
export const webIdentityVerifiers: readonly WebIdentityVerifierFactory[] = [identityPoolTokens, registeredOidcProviders, userPoolIdTokens, trustedOidcIssuers];

/** Verifies a web identity token with the first verifier that knows its issuer. */
export async function verifyWebIdentityToken(services: Services, token: string): Promise<WebIdentity> {
  const decoded = decodeJws(token);
  if (!decoded || typeof decoded.payload.iss !== 'string') throw invalid(NOT_A_JWT);
  const iss = decoded.payload.iss;
  for (const factory of webIdentityVerifiers) {
    const verifier = factory(services);
    if (await verifier.accepts(iss)) return verifier.verify(decoded);
  }
  throw invalid(`No OpenIDConnect provider found in your account for ${iss.slice(0, 256)}`);
}
