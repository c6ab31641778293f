/**
 * /oauth2/authorize: the request checked as Cognito checks it, then, for a signed-in person, an
 * authorization code (5 minutes, single use) or, for the implicit flow, tokens in the fragment.
 *
 * Order matters: until the client and its redirect URI are known good nothing is sent to the
 * URI (an `ErrorPage`); after that, errors go back to it (`RedirectError`), as RFC 6749 §4.1.2.1.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ClientView, requireClient } from '../clients/client-view.ts';
import type { Services } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import { recordTokens, signTokens } from '../tokens/index.ts';
import { withParameters, type Parameters } from './parameters.ts';
import { poolForHost } from '../domains/host.ts';
import type { OAuthErrorCode } from './errors.ts';
import { hostedAuthOverrides, type RequestOrigin } from './hosted-auth.ts';

/** How long an authorization code may be redeemed (Cognito's 5 minutes). */
export const CODE_LIFETIME_MS = 5 * 60_000;

/** The scopes that need `openid` with them. */
const OPENID_DEPENDENT = new Set(['email', 'phone', 'profile']);

/** A PKCE code challenge (RFC 7636 §4.2: S256 of a 43–128 character verifier, base64url). */
const CODE_CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

export interface AuthorizeRequest {
  client: ClientView;
  pool: PoolView;
  responseType: 'code' | 'token';
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  nonce: string | undefined;
  codeChallenge: string | undefined;
  resource: string | undefined;
  prompt: string | undefined;
  lang: string | undefined;
  /** The request's own parameters, carried to the pages and back. */
  parameters: Parameters;
}

/** Nowhere safe to send the browser: the error is shown on a page of ours. */
export class ErrorPage extends Error {
  constructor(readonly error: OAuthErrorCode, readonly description: string) {
    super(description);
    this.name = 'ErrorPage';
  }
}

/** An error for a known client and a registered redirect URI: sent there. */
export class RedirectError extends Error {
  constructor(readonly location: string) {
    super('redirect with error');
    this.name = 'RedirectError';
  }
}

function errorRedirect(redirectUri: string, responseType: string | undefined, error: OAuthErrorCode, description: string, state: string | undefined): RedirectError {
  return new RedirectError(withParameters(redirectUri, { error, error_description: description, state }, responseType === 'token' ? '#' : '?'));
}

/**
 * The pool a request's Host names (a domain), or none: every endpoint is then served by path at
 * the server's public URL and the pool is the client's. `poolByDomain` reads the pool domains.
 */
export type PoolForHost = (host: string | undefined) => Promise<string | undefined>;
export const noDomains: PoolForHost = async () => undefined;

/** The pool whose domain (prefix or custom) the Host header names, if any. */
export const poolByDomain = (services: Services): PoolForHost => async (host) =>
  host === undefined ? undefined : (await poolForHost(services.store, host, services.settings))?.poolId;

/** Checks an authorize request (also what /login, /signup, ... carry); throws ErrorPage or RedirectError. */
export async function checkAuthorizeRequest(services: Services, p: Parameters, hostPool: string | undefined): Promise<AuthorizeRequest> {
  const clientId = p.client_id;
  if (!clientId) throw new ErrorPage('invalid_request', 'Missing required parameter client_id');
  let client: ClientView;
  try {
    client = await requireClient(services.store, clientId);
  } catch {
    throw new ErrorPage('invalid_request', 'Invalid client_id');
  }
  if (hostPool !== undefined && client.poolId !== hostPool) throw new ErrorPage('invalid_request', 'Invalid client_id');
  const redirectUri = p.redirect_uri;
  // Exact string comparison: no normalisation, so a look-alike (case, trailing slash, port,
  // encoded characters) is a mismatch, and a mismatch is never redirected to.
  if (!redirectUri || !(client.config.CallbackURLs ?? []).includes(redirectUri)) {
    throw new ErrorPage('redirect_mismatch', 'redirect_mismatch');
  }
  const state = p.state;
  const responseType = p.response_type;
  const fail = (error: OAuthErrorCode, description: string) => errorRedirect(redirectUri, responseType, error, description, state);

  if (responseType !== 'code' && responseType !== 'token') {
    throw fail(responseType ? 'unsupported_response_type' : 'invalid_request', responseType ? 'Unsupported response_type' : 'Missing required parameter response_type');
  }
  const flows = client.config.AllowedOAuthFlows ?? [];
  if (!client.config.AllowedOAuthFlowsUserPoolClient || !flows.includes(responseType === 'code' ? 'code' : 'implicit')) {
    throw fail('unauthorized_client', 'Client is not enabled for this OAuth flow');
  }

  const allowed = client.config.AllowedOAuthScopes ?? [];
  const requested = p.scope === undefined ? allowed : [...new Set(p.scope.split(' ').filter((s) => s !== ''))];
  if (requested.length === 0 || requested.some((s) => !allowed.includes(s))) throw fail('invalid_scope', 'Invalid scope requested');
  if (!requested.includes('openid') && requested.some((s) => OPENID_DEPENDENT.has(s))) throw fail('invalid_scope', 'Scopes email, phone and profile need openid');

  let codeChallenge: string | undefined;
  if (p.code_challenge !== undefined || p.code_challenge_method !== undefined) {
    if (responseType !== 'code') throw fail('invalid_request', 'PKCE applies to the code flow only');
    // Cognito supports S256 only: `plain` (or no method) is refused.
    if (p.code_challenge_method !== 'S256') throw fail('invalid_request', 'Unsupported code_challenge_method');
    if (!p.code_challenge || !CODE_CHALLENGE.test(p.code_challenge)) throw fail('invalid_request', 'Invalid code_challenge');
    codeChallenge = p.code_challenge;
  }
  const idp = p.identity_provider;
  if (idp !== undefined && idp !== 'COGNITO') throw fail('invalid_request', 'Identity provider not found');
  if (idp === 'COGNITO' && client.config.SupportedIdentityProviders && !client.config.SupportedIdentityProviders.includes('COGNITO')) {
    throw fail('invalid_request', 'Identity provider not enabled for the client');
  }
  if (p.idp_identifier !== undefined) throw fail('invalid_request', 'Identity provider not found');
  if (p.resource !== undefined && !isAbsoluteUri(p.resource)) throw fail('invalid_request', 'Invalid resource');
  if (p.prompt !== undefined && !['none', 'login', 'select_account', 'consent'].includes(p.prompt)) throw fail('invalid_request', 'Invalid prompt');

  const pool = await requirePoolConfig(services.store, client.poolId, services.caches.poolViews);
  return {
    client, pool, responseType, redirectUri, scopes: requested, state, nonce: p.nonce, codeChallenge,
    resource: p.resource, prompt: p.prompt, lang: p.lang, parameters: p,
  };
}

function isAbsoluteUri(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hash === '' && /^https?:$/.test(url.protocol);
  } catch {
    return false;
  }
}

/** What a redirect to the client sends when the person must sign in but `prompt=none` forbids it. */
export function loginRequired(req: AuthorizeRequest): RedirectError {
  return errorRedirect(req.redirectUri, req.responseType, 'login_required', 'Login required', req.state);
}

/**
 * The answer for a signed-in person: a code (its family's `origin_jti` chosen now, so that a
 * replay can revoke what it issued) or, implicit flow, the tokens in the fragment.
 */
export async function grantAuthorization(services: Services, req: AuthorizeRequest, user: UserRow, authTimeMs: number, from?: RequestOrigin): Promise<string> {
  const now = services.clock.now();
  const scope = req.scopes.join(' ');
  if (req.responseType === 'code') {
    const code = randomUUID();
    await services.store.authorizationCodes.insert({
      codeHash: hashCode(code), poolId: req.pool.id, clientId: req.client.id, userId: user.id, redirectUri: req.redirectUri,
      scope, nonce: req.nonce ?? null, codeChallenge: req.codeChallenge ?? null, resource: req.resource ?? null,
      authTime: authTimeMs, originJti: randomUUID(), expiresAt: now + CODE_LIFETIME_MS, usedAt: null,
    });
    return withParameters(req.redirectUri, { code, state: req.state });
  }
  const overrides = await hostedAuthOverrides(services, from, req.pool, req.client, user, req.scopes);
  const recorded = await recordTokens(services.store, services, {
    pool: req.pool, client: req.client, user, authTime: Math.floor(authTimeMs / 1000), issueRefreshToken: false, overrides,
    oauth: { scope, audience: req.resource, nonce: req.nonce },
  });
  const result = await signTokens(services.store, services, recorded);
  return withParameters(req.redirectUri, {
    access_token: result.AccessToken,
    id_token: req.scopes.includes('openid') ? result.IdToken : undefined,
    token_type: 'Bearer',
    expires_in: String(result.ExpiresIn),
    state: req.state,
  }, '#');
}

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');
