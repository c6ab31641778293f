/**
 * OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009, OpenID Connect).
 *
 * - `OAuthError`: a kernel ServiceError named by its `error` code, with the HTTP status Cognito
 *   answers it with. The oauth surface writes them as `{"error","error_description"}`; the pages
 *   show them, or send them to a registered redirect URI.
 * - `OAuthGrantError`: a failure of a grant shared by the JSON API and `/oauth2/token` (client
 *   credentials): a Cognito exception (what the JSON API answers) that also names its RFC 6749
 *   code (what the token endpoint answers), so each surface maps it to its own wire form.
 */
import { CognitoError } from '../../errors.ts';
import { ServiceError } from '../../kernel/errors.ts';

export type OAuthErrorCode =
  | 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type'
  | 'invalid_scope' | 'unsupported_response_type' | 'unsupported_token_type' | 'invalid_token' | 'login_required'
  | 'redirect_mismatch' | 'server_error';

export class OAuthError extends ServiceError {
  constructor(readonly error: OAuthErrorCode, description: string, readonly status = 400) {
    super(error, description, status >= 500 ? 'server' : 'client');
  }
}

export const isOAuthError = (e: unknown): e is OAuthError => e instanceof OAuthError;

export const oauthError = (error: OAuthErrorCode, description: string, status?: number) => new OAuthError(error, description, status);

/** The RFC 6749 codes a shared grant can fail with. */
export type GrantErrorCode = Extract<OAuthErrorCode,
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope'>;

export class OAuthGrantError extends CognitoError {
  constructor(readonly oauthError: GrantErrorCode, cognitoName: string, message: string) {
    super(cognitoName, message);
  }
}

export const isOAuthGrantError = (e: unknown): e is OAuthGrantError => e instanceof OAuthGrantError;
