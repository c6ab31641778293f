/**
 * An app client's OAuth 2.0 settings as Cognito checks them on Create/UpdateUserPoolClient:
 * redirect URLs (absolute, no fragment, HTTPS except to the loopback hosts, app schemes such as
 * `myapp://` allowed), DefaultRedirectURI among the callback URLs, the grant types
 * (client_credentials alone, and only for a client with a secret; code and implicit need
 * callback URLs), scopes (the standard ones and the pool's resource servers' custom scopes),
 * identity providers (COGNITO; the pool's federated providers once they are served).
 */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import { customScopes } from '../resource-servers/rules.ts';
import type { ClientConfig } from './client-config.ts';

export const STANDARD_SCOPES: ReadonlySet<string> = new Set(['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin']);

/** Hosts to which Cognito lets a redirect go over plain HTTP (any port): local testing. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Schemes that would run code in the browser rather than reach an app. */
const SCRIPT_SCHEMES: ReadonlySet<string> = new Set(['javascript:', 'data:', 'vbscript:']);

/** Why a redirect URL is refused, or undefined when Cognito accepts it. */
export function redirectUrlProblem(url: string): string | undefined {
  if (url.includes('#')) return 'must not include a fragment';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute URI';
  }
  if (SCRIPT_SCHEMES.has(parsed.protocol)) return 'must not use a script scheme';
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    return 'must use HTTPS, except http://localhost, http://127.0.0.1 and http://[::1]';
  }
  if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname === '') return 'must name a host';
  return undefined;
}

function checkUrls(member: 'CallbackURLs' | 'LogoutURLs' | 'DefaultRedirectURI', urls: readonly string[] | undefined): void {
  for (const url of urls ?? []) {
    const problem = redirectUrlProblem(url);
    if (problem) throw errors.invalidParameter(`${member} ${problem}: ${url}`);
  }
}

export interface OAuthContext {
  poolId: string;
  /** Whether the client has (or gets in this request) a client secret. */
  hasSecret: boolean;
}

/** Checks the OAuth settings of a client configuration about to be stored. */
export async function checkOAuthSettings(repos: Repos, config: ClientConfig, context: OAuthContext): Promise<void> {
  checkUrls('CallbackURLs', config.CallbackURLs);
  checkUrls('LogoutURLs', config.LogoutURLs);
  if (config.DefaultRedirectURI !== undefined) {
    checkUrls('DefaultRedirectURI', [config.DefaultRedirectURI]);
    if (!(config.CallbackURLs ?? []).includes(config.DefaultRedirectURI)) {
      throw errors.invalidParameter('DefaultRedirectURI must be one of the CallbackURLs.');
    }
  }

  const flows = config.AllowedOAuthFlows ?? [];
  if (flows.includes('client_credentials')) {
    if (flows.some((f) => f !== 'client_credentials')) {
      throw errors.invalidOAuthFlow('client_credentials flow can not be selected along with code flow or implicit flow.');
    }
    if (!context.hasSecret) throw errors.invalidOAuthFlow('client_credentials flow can not be selected if client does not have a client secret.');
  }
  if ((flows.includes('code') || flows.includes('implicit')) && (config.CallbackURLs ?? []).length === 0) {
    throw errors.invalidOAuthFlow('CallbackUrls can not be empty when code flow or implicit flow is selected');
  }
  if (config.AllowedOAuthFlowsUserPoolClient && (flows.length === 0 || (config.AllowedOAuthScopes ?? []).length === 0)) {
    throw errors.invalidOAuthFlow('AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.');
  }

  const scopes = config.AllowedOAuthScopes ?? [];
  const custom = scopes.filter((s) => !STANDARD_SCOPES.has(s));
  if (custom.length > 0) {
    const known = await customScopes(repos, context.poolId);
    const unknown = custom.find((s) => !known.has(s));
    if (unknown !== undefined) throw errors.scopeDoesNotExist(`Invalid scope requested: ${unknown}`);
  }

  for (const provider of config.SupportedIdentityProviders ?? []) {
    // Federated identity providers are not served yet: COGNITO is the only provider a pool has.
    if (provider !== 'COGNITO') throw errors.invalidParameter(`The provider ${provider} does not exist for User Pool ${context.poolId}`);
  }

  const authFlows: readonly string[] = config.ExplicitAuthFlows ?? [];
  if (authFlows.includes('ALLOW_CLIENT_TOKEN_AUTH') && !context.hasSecret) {
    throw errors.invalidParameter('ALLOW_CLIENT_TOKEN_AUTH can be selected only for a client with a client secret.');
  }
}
