/**
 * OAuth 2.0 errors (RFC 6749 §5.2, RFC 7009, OpenID Connect): a kernel ServiceError named by its
 * `error` code, with the HTTP status Cognito answers it with. The oauth surface writes them as
 * `{"error","error_description"}`; the pages show them, or send them to a registered redirect URI.
 */
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
