/**
 * The Logins map of a public call, each entry verified by its provider: an Alcove user pool
 * (user-pool.ts), a registered OpenID Connect provider or Google / Apple (oidc.ts), or the
 * identity pool's own OpenID token (`cognito-identity.amazonaws.com`, a developer identity's
 * enhanced flow). The other public providers (Facebook, Login with Amazon, Twitter, Digits)
 * issue access tokens that only their own APIs can check, and SAML responses are not
 * served: such logins are refused. A developer provider's key is refused here: developer logins
 * come only through the signed GetOpenIdTokenForDeveloperIdentity.
 */
import { errors } from '../../errors.ts';
import { findOidcProvider } from '../../iam/oidc-providers.ts';
import type { Services } from '../context.ts';
import { oidcProviderOfArn } from '../pools/config.ts';
import type { IdentityPoolRow } from '../pools/store.ts';
import { verifyIdentityToken } from '../tokens/openid-token.ts';
import { COGNITO_IDENTITY_KEY, type Login } from './login.ts';
import { verifyOidcLogin } from './oidc.ts';
import { userPoolEntriesFor, verifyUserPoolLogin } from './user-pool.ts';

const OIDC_PUBLIC_PROVIDERS: Record<string, string> = {
  'accounts.google.com': 'accounts.google.com',
  'appleid.apple.com': 'appleid.apple.com',
};

export const unsupportedProvider = () => errors.notAuthorized('Token is not from a supported provider of this identity pool.');

export async function verifyLogin(services: Services, pool: IdentityPoolRow, key: string, token: string): Promise<Login> {
  const config = pool.config;
  if (key === COGNITO_IDENTITY_KEY) {
    const claims = await verifyIdentityToken(services, token, pool.id);
    // A guest's token proves no login: it must not pass for an authenticated one.
    if (!claims.amr.includes('authenticated')) throw errors.notAuthorized('Invalid login token. The token is not an authenticated identity token.');
    return { kind: 'identity', key, identityId: claims.sub, claims };
  }
  const entries = userPoolEntriesFor(services, config, key);
  if (entries.length > 0) return verifyUserPoolLogin(services, entries, key, token);
  const arn = (config.OpenIdConnectProviderARNs ?? []).find((a) => oidcProviderOfArn(a) === key);
  if (arn) {
    // The ARN must name a provider registered with IAM (CreateOpenIDConnectProvider): its URL is the issuer, its client ids the audiences.
    const registered = await findOidcProvider(services, arn);
    if (!registered) throw errors.notAuthorized(`Invalid login token. The OpenID Connect provider ${arn} is not registered.`);
    return verifyOidcLogin(services, { key, provider: arn, registered, amrPrefix: `${arn}:OIDC` }, token);
  }
  const appIds = config.SupportedLoginProviders?.[key];
  if (appIds !== undefined && Object.hasOwn(OIDC_PUBLIC_PROVIDERS, key)) {
    const audiences = appIds.split(',').map((s) => s.trim()).filter(Boolean);
    return verifyOidcLogin(services, { key, provider: key, audiences, amrPrefix: key }, token);
  }
  if (appIds !== undefined) {
    throw errors.notAuthorized(`Invalid login token. Alcove cannot verify ${key} tokens.`);
  }
  throw unsupportedProvider();
}

/** Verifies every entry of a Logins map (in the map's order). */
export async function verifyLogins(services: Services, pool: IdentityPoolRow, logins: Record<string, string> | undefined): Promise<Login[]> {
  const entries = Object.entries(logins ?? {});
  return Promise.all(entries.map(([key, token]) => verifyLogin(services, pool, key, token)));
}
