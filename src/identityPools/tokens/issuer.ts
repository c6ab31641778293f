/**
 * The issuer of identity pools' OpenID tokens. With `issuerStyle: 'cognito'`, Cognito's own
 * (`https://cognito-identity.amazonaws.com`); by default `<publicUrl>/cognito-identity`, whose
 * discovery document (`/.well-known/openid-configuration` under it) and JWKS (`jwks_uri` under
 * it, Cognito's path; also `/.well-known/jwks_uri` at the root) this server publishes.
 */
import { publicBase } from '../../userPools/tokens/issuer.ts';
import type { Services } from '../context.ts';

export const IDENTITY_PATH = '/cognito-identity';

export function identityIssuerOf(settings: Services['settings']): string {
  return settings.issuerStyle === 'cognito' ? 'https://cognito-identity.amazonaws.com' : `${publicBase(settings)}${IDENTITY_PATH}`;
}

/** The JWKS URL of the identity tokens. */
export const identityJwksUrl = (settings: Services['settings']): string => `${publicBase(settings)}${IDENTITY_PATH}/.well-known/jwks_uri`;
