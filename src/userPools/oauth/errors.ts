/**
 * Errors of the OAuth 2.0 grants shared by the JSON API and the `/oauth2/token` endpoint: a
 * Cognito exception (what the JSON API answers) that also names its RFC 6749 error code (what
 * the token endpoint answers), so each surface maps the same failure to its own wire form.
 */
import { CognitoError } from '../../errors.ts';

export type OAuthErrorCode =
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

export class OAuthGrantError extends CognitoError {
  constructor(readonly oauthError: OAuthErrorCode, cognitoName: string, message: string) {
    super(cognitoName, message);
  }
}

export const isOAuthGrantError = (e: unknown): e is OAuthGrantError => e instanceof OAuthGrantError;
