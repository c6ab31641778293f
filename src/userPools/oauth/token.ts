/**
 * /oauth2/token and /oauth2/revoke: client authentication (HTTP Basic or form body) and the
 * grants. authorization_code redeems a code with one atomic update (a replay revokes what the
 * code issued); refresh_token goes through the JSON API's refresh (tokens/refresh.ts), so the
 * refresh tokens of both work with either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { clientSecretMatches } from '../clients/client-secrets.ts';
import { ClientView, requireClient } from '../clients/client-view.ts';
import type { OperationContext, Services } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { isServiceError } from '../../kernel/errors.ts';
import { recordTokens, refreshTokens, revokeRefreshToken, signTokens } from '../tokens/index.ts';
import { decodeJws } from '../tokens/jws.ts';
import { revokeFamily } from '../tokens/revoke.ts';
import { hashCode } from './authorize.ts';
import { isOAuthGrantError, oauthError } from './errors.ts';
import { issueClientCredentialsToken } from './client-credentials.ts';
import type { Parameters } from './parameters.ts';
import { hostedAuthOverrides, type RequestOrigin } from './hosted-auth.ts';

export interface TokenResponse {
  id_token?: string;
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

const invalidClient = (status = 400) => oauthError('invalid_client', 'invalid_client', status);

/**
 * The client a token or revocation request authenticates as: HTTP Basic
 * (`client_id:client_secret`, each form-urlencoded, RFC 6749 §2.3.1) or `client_id` (and
 * `client_secret`) in the body; a client with a secret must present it, one without must not.
 */
export async function authenticateClient(services: Services, form: Parameters, authorization: string | undefined, failureStatus = 400): Promise<ClientView> {
  let clientId = form.client_id;
  let secret = form.client_secret;
  if (authorization !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization.trim());
    if (!match) throw invalidClient(failureStatus);
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0 || secret !== undefined) throw invalidClient(failureStatus);
    let basicId: string;
    try {
      basicId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      throw invalidClient(failureStatus);
    }
    if (clientId !== undefined && clientId !== basicId) throw invalidClient(failureStatus);
    clientId = basicId;
  }
  if (!clientId) throw oauthError('invalid_request', 'Missing required parameter client_id');
  let client: ClientView;
  try {
    client = await requireClient(services.store, clientId);
  } catch {
    throw invalidClient(failureStatus);
  }
  // Either of the client's secrets (two during a rotation) authenticates it.
  if (client.hasSecret ? secret === undefined || !clientSecretMatches(client, services.vault, secret, services.caches.clientSecretDigests) : secret !== undefined && secret !== '') {
    throw invalidClient(failureStatus);
  }
  return client;
}

/** POST /oauth2/token. */
export async function tokenGrant(
  services: Services, form: Parameters, authorization: string | undefined, ctx: OperationContext,
): Promise<TokenResponse> {
  const grantType = form.grant_type;
  if (!grantType) throw oauthError('invalid_request', 'Missing required parameter grant_type');
  const client = await authenticateClient(services, form, authorization);
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(services, client, form, { sourceIp: ctx.sourceIp, userAgent: ctx.userAgent });
    case 'refresh_token':
      return refreshTokenGrant(services, client, form);
    case 'client_credentials':
      return clientCredentialsGrant(ctx, client, form);
    default:
      throw oauthError('unsupported_grant_type', 'unsupported_grant_type');
  }
}

const invalidGrant = () => oauthError('invalid_grant', 'invalid_grant');

/**
 * client_credentials: a machine-to-machine access token with custom scopes (the same minting as
 * GetClientToken), for a client with a secret whose only OAuth flow it is.
 */
async function clientCredentialsGrant(ctx: OperationContext, client: ClientView, form: Parameters): Promise<TokenResponse> {
  if (!client.hasSecret || !client.config.AllowedOAuthFlowsUserPoolClient || !(client.config.AllowedOAuthFlows ?? []).includes('client_credentials')) {
    throw oauthError('unauthorized_client', 'unauthorized_client');
  }
  const requested = form.scope?.split(' ').filter((s) => s !== '');
  try {
    const token = await issueClientCredentialsToken(ctx.services, { client, scopes: requested, origin: { ctx, clientId: client.id } });
    return { access_token: token.accessToken, expires_in: token.expiresIn, token_type: token.tokenType };
  } catch (e) {
    if (isOAuthGrantError(e)) throw oauthError(e.oauthError, e.oauthError);
    throw e;
  }
}

async function authorizationCodeGrant(services: Services, client: ClientView, form: Parameters, from: RequestOrigin | undefined): Promise<TokenResponse> {
  if (!form.code) throw oauthError('invalid_request', 'Missing required parameter code');
  if (!client.config.AllowedOAuthFlowsUserPoolClient || !(client.config.AllowedOAuthFlows ?? []).includes('code')) {
    throw oauthError('unauthorized_client', 'unauthorized_client');
  }
  const { store, clock } = services;
  const now = clock.now();
  const redemption = await store.authorizationCodes.redeem(hashCode(form.code), client.id, now);
  if (redemption.outcome === 'unknown') throw invalidGrant();
  const code = redemption.row;
  if (redemption.outcome === 'replayed') {
    // A code used twice was stolen or leaked: what it issued is revoked (RFC 6749 §4.1.2).
    await store.transaction(async (tx) => {
      await tx.users.lock(code.userId, 'update');
      await revokeFamily(tx, code.originJti, clock.now());
    });
    throw invalidGrant();
  }
  if (code.expiresAt <= now || form.redirect_uri !== code.redirectUri) throw invalidGrant();
  if (code.codeChallenge !== null) {
    const verifier = form.code_verifier;
    if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw invalidGrant();
    const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
    const challenge = Buffer.from(code.codeChallenge);
    if (computed.length !== challenge.length || !timingSafeEqual(computed, challenge)) throw invalidGrant();
  }
  const user = await store.users.get(code.userId);
  if (!user || user.poolId !== code.poolId || !user.enabled) throw invalidGrant();
  const pool = await requirePoolConfig(store, code.poolId, services.caches.poolViews);
  const overrides = await hostedAuthOverrides(services, from, pool, client, user, code.scope.split(' '));
  const recorded = await store.transaction((tx) => recordTokens(tx, services, {
    pool, client, user, authTime: Math.floor(code.authTime / 1000), issueRefreshToken: true, originJti: code.originJti, overrides,
    oauth: { scope: code.scope, audience: code.resource ?? undefined, nonce: code.nonce ?? undefined },
  }));
  const result = await signTokens(store, services, recorded);
  return {
    ...(code.scope.split(' ').includes('openid') ? { id_token: result.IdToken! } : {}),
    access_token: result.AccessToken!,
    refresh_token: result.RefreshToken!,
    expires_in: result.ExpiresIn!,
    token_type: 'Bearer',
  };
}

async function refreshTokenGrant(services: Services, client: ClientView, form: Parameters): Promise<TokenResponse> {
  if (!form.refresh_token) throw oauthError('invalid_request', 'Missing required parameter refresh_token');
  let result;
  try {
    result = await refreshTokens(services.store, services, { client, refreshToken: form.refresh_token, rotate: false });
  } catch (e) {
    if (isServiceError(e) && e.fault === 'client') throw invalidGrant();
    throw e;
  }
  // The family's scopes: the JSON API's carry the admin scope only, and always get an ID token.
  const scope = decodeJws(result.AccessToken!)?.payload.scope;
  const scopes = typeof scope === 'string' ? scope.split(' ') : [];
  const idToken = scopes.includes('openid') || (scopes.length === 1 && scopes[0] === 'aws.cognito.signin.user.admin');
  return {
    ...(idToken ? { id_token: result.IdToken! } : {}),
    access_token: result.AccessToken!,
    expires_in: result.ExpiresIn!,
    token_type: 'Bearer',
  };
}

/** POST /oauth2/revoke (RFC 7009): 200 for an unknown or already revoked token too. */
export async function revokeGrant(services: Services, form: Parameters, authorization: string | undefined): Promise<void> {
  if (!form.token) throw oauthError('invalid_request', 'Missing required parameter token');
  const client = await authenticateClient(services, form, authorization, 401);
  try {
    await revokeRefreshToken(services.store, services, { client, token: form.token });
  } catch (e) {
    if (!isServiceError(e) || e.fault !== 'client') throw e;
    if (e.name === 'UnsupportedTokenTypeException') throw oauthError('unsupported_token_type', 'unsupported_token_type');
    if (e.name === 'UnauthorizedException') throw invalidClient(401);
    throw oauthError('invalid_request', e.message);
  }
}
