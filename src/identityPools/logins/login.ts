/** A login of the Logins map once its token has been verified. */
import type { IdentityTokenClaims } from '../tokens/openid-token.ts';

export interface ProviderLogin {
  kind: 'provider';
  /** The Logins key as sent. */
  key: string;
  /** The provider's canonical name: the identity's login row, DescribeIdentity's Logins, `amr`. */
  provider: string;
  /** The user at that provider: the token's `sub`, or the developer user identifier. */
  subject: string;
  claims: Readonly<Record<string, unknown>>;
  /** The RoleMappings keys that apply to this login, most specific first. */
  mappingKeys: string[];
  /** The IdentityProviderName its principal-tag map is set under. */
  tagProvider: string;
  /** The last `amr` entry Cognito gives this login (after "authenticated" and the provider). */
  amrSubject: string;
  /** A developer provider's login (only the signed developer operations may present one). */
  developer?: true;
}

/** The identity pool's own OpenID token, presented as the `cognito-identity.amazonaws.com` login. */
export interface IdentityTokenLogin {
  kind: 'identity';
  key: string;
  identityId: string;
  claims: IdentityTokenClaims;
}

export type Login = ProviderLogin | IdentityTokenLogin;

export const COGNITO_IDENTITY_KEY = 'cognito-identity.amazonaws.com';

/** `amr` of a token for these logins: "authenticated", then each login's provider and subject. */
export function amrOf(logins: readonly Login[]): string[] {
  const amr = ['authenticated'];
  for (const login of logins) {
    if (login.kind === 'identity') amr.push(...login.claims.amr.filter((v) => v !== 'authenticated' && !amr.includes(v)));
    else amr.push(login.provider, login.amrSubject);
  }
  return amr;
}
