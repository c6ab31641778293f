/** The `iss` of a pool's tokens, and the URLs derived from it. */
import type { DomainSettings } from '../context.ts';

/**
 * `<publicUrl>/<poolId>` by default, so that OpenID discovery works against this server; with
 * `issuerStyle: 'cognito'`, Cognito's own URL, which aws-jwt-verify's CognitoJwtVerifier insists on.
 */
export function issuerOf(settings: DomainSettings, poolId: string): string {
  return settings.issuerStyle === 'cognito'
    ? `https://cognito-idp.${settings.region}.amazonaws.com/${poolId}`
    : `${publicBase(settings)}/${poolId}`;
}

/** Where this server is reached, without a trailing slash. */
export const publicBase = (settings: DomainSettings): string => settings.publicUrl.replace(/\/+$/, '');

/** The pool id an issuer URL names: its last path segment. */
export function poolIdOfIssuer(iss: string): string {
  return iss.slice(iss.lastIndexOf('/') + 1);
}
