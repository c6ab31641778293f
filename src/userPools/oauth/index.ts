/** OAuth 2.0 grants through the JSON API (owner: oauth concern), and what the token endpoint shares. */
import type { Handlers } from '../context.ts';
import { getClientToken } from './get-client-token.ts';

export { issueClientCredentialsToken, type ClientCredentialsToken } from './client-credentials.ts';
export { isOAuthGrantError, OAuthGrantError, type OAuthErrorCode } from './errors.ts';

export const oauthHandlers: Handlers = {
  GetClientToken: getClientToken,
};
