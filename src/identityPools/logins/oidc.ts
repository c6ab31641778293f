/**
 * A login with an external OpenID Connect provider's ID token: a provider registered in the
 * pool's OpenIdConnectProviderARNs (`arn:aws:iam::<account>:oidc-provider/<host/path>`, Logins key
 * `<host/path>`), or Google / Sign in with Apple listed in SupportedLoginProviders (the value: the
 * app's client ids, comma-separated, which `aud` must be one of). The signature is checked with
 * the provider's JWKS, found through its discovery document (`<iss>/.well-known/openid-configuration`)
 * over HTTP and kept 10 minutes per server (re-fetched, at most once a minute, for a kid it does
 * not know); then `iss` (a registered provider's URL; for Google / Apple the key with https://),
 * expiry and the audience: a registered provider's client ids (IAM's ClientIDList: `azp` when the
 * token has one, else `aud`), or the public provider's app ids.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors } from '../../errors.ts';
import { audienceOf } from '../../iam/oidc-providers.ts';
import type { OidcProviderRow } from '../../iam/store.ts';
import { decodeJws } from '../../userPools/tokens/jws.ts';
import type { Services } from '../context.ts';
import { verifyJwtSignature } from './jwt.ts';
import type { ProviderLogin } from './login.ts';

const JWKS_TTL_MS = 10 * 60_000;
const UNKNOWN_KID_REFETCH_MS = 60_000;
const FETCH_TIMEOUT_MS = 5_000;

interface ProviderKeys { keys: Map<string, KeyObject>; fetchedAt: number }
const caches = new WeakMap<Services, Map<string, Promise<ProviderKeys>>>();

async function fetchJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null) throw new Error(`${url} is not a JSON object`);
  return body as Record<string, unknown>;
}

async function fetchKeys(issuer: string): Promise<ProviderKeys> {
  const discovery = await fetchJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  if (typeof discovery.jwks_uri !== 'string') throw new Error(`${issuer} publishes no jwks_uri`);
  const jwks = await fetchJson(discovery.jwks_uri);
  const keys = new Map<string, KeyObject>();
  for (const jwk of Array.isArray(jwks.keys) ? jwks.keys : []) {
    if (typeof jwk?.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    } catch { /* a key type node cannot read is left out */ }
  }
  return { keys, fetchedAt: performance.now() };
}

async function keyFor(services: Services, issuer: string, kid: string): Promise<KeyObject | undefined> {
  let perIssuer = caches.get(services);
  if (!perIssuer) caches.set(services, perIssuer = new Map());
  const load = () => {
    const p = fetchKeys(issuer);
    perIssuer.set(issuer, p);
    p.catch(() => { if (perIssuer.get(issuer) === p) perIssuer.delete(issuer); });
    return p;
  };
  let entry = perIssuer.get(issuer);
  let keys = entry ? await entry : undefined;
  if (!keys || performance.now() - keys.fetchedAt > JWKS_TTL_MS) keys = await load();
  else if (!keys.keys.has(kid) && performance.now() - keys.fetchedAt > UNKNOWN_KID_REFETCH_MS) keys = await load();
  return keys.keys.get(kid);
}

export interface OidcProvider {
  /** The Logins key (host and path). */
  key: string;
  /** The name role mappings and principal-tag maps know it by: the OIDC provider ARN, or the public provider's name. */
  provider: string;
  /** For the public providers, the app client ids `aud` must be one of. */
  audiences?: string[];
  /** For a provider of OpenIdConnectProviderARNs, its IAM registration (URL, client ids). */
  registered?: OidcProviderRow;
  /** `amr`'s last entry: `<arn>:OIDC:<sub>`, or `<provider>:<sub>`. */
  amrPrefix: string;
}

export async function verifyOidcLogin(services: Services, p: OidcProvider, token: string): Promise<ProviderLogin> {
  const invalid = (why: string) => errors.notAuthorized(`Invalid login token. ${why}`);
  const decoded = decodeJws(token);
  if (!decoded || typeof decoded.header.kid !== 'string') throw invalid('Not a valid OpenId Connect identity token.');
  const c = decoded.payload;
  const issuerOk = p.registered ? c.iss === p.registered.url : c.iss === `https://${p.key}` || c.iss === p.key;
  if (typeof c.iss !== 'string' || !issuerOk) {
    throw invalid("Issuer doesn't match providerName");
  }
  const issuer = c.iss.includes('://') ? c.iss : `https://${c.iss}`;
  let key: KeyObject | undefined;
  try {
    key = await keyFor(services, issuer, decoded.header.kid);
  } catch (e) {
    services.log.warn({ issuer, err: (e as Error).message }, 'identity pools: fetching an OIDC provider\'s keys failed');
    throw errors.externalService(`Could not fetch the keys of ${p.key}.`);
  }
  if (!key || !verifyJwtSignature(decoded.header.alg, decoded.signingInput, decoded.signature, key)) {
    throw invalid('Not a valid OpenId Connect identity token.');
  }
  if (typeof c.sub !== 'string' || typeof c.exp !== 'number') throw invalid('Not a valid OpenId Connect identity token.');
  const now = Math.floor(services.clock.now() / 1000);
  if (c.exp <= now) throw invalid(`Token expired: ${now} >= ${c.exp}`);
  if (p.registered && audienceOf(p.registered, c) === undefined) throw invalid('Incorrect token audience.');
  if (p.audiences) {
    const auds = Array.isArray(c.aud) ? c.aud : [c.aud];
    const ok = auds.some((a) => typeof a === 'string' && p.audiences!.includes(a))
      || (typeof c.azp === 'string' && p.audiences.includes(c.azp));
    if (!ok) throw invalid('Incorrect token audience.');
  }
  const aud = Array.isArray(c.aud) ? c.aud[0] : c.aud;
  return {
    kind: 'provider', key: p.key, provider: p.key, subject: c.sub, claims: c,
    mappingKeys: typeof aud === 'string' ? [`${p.provider}:${aud}`, p.provider, p.key] : [p.provider, p.key],
    tagProvider: p.provider, amrSubject: `${p.amrPrefix}:${c.sub}`,
  };
}
