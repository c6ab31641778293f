/**
 * /oauth2/userInfo: the signed-in person's claims for an access token that has the `openid`
 * scope (the access-token check every token-authorised operation uses), as the token's scopes
 * allow: `sub` always, `email` / `phone` their attribute and its verification flag, `profile`
 * every attribute the client may read; then `username`.
 */
import type { Services } from '../context.ts';
import { authenticateAccessToken } from '../tokens/index.ts';
import { oauthError } from './errors.ts';

const SCOPED: Record<string, readonly string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

export async function userInfo(services: Services, token: string): Promise<Record<string, unknown>> {
  let access;
  try {
    access = await authenticateAccessToken(services.store, services, 'openid', token);
  } catch {
    throw oauthError('invalid_token', 'Access token is expired, disabled, or deleted, or the user has globally signed out.', 401);
  }
  const scopes = new Set(String(access.claims.scope).split(' '));
  const { user } = access;
  const client = await services.store.clients.getCached(access.clientId);
  const readable = client?.config.ReadAttributes?.length ? new Set(client.config.ReadAttributes) : undefined;
  const names = new Set<string>();
  for (const [scope, attributes] of Object.entries(SCOPED)) if (scopes.has(scope)) attributes.forEach((a) => names.add(a));
  if (scopes.has('profile')) Object.keys(user.attributes).forEach((a) => names.add(a));
  const out: Record<string, unknown> = { sub: user.id };
  for (const name of names) {
    const value = user.attributes[name];
    if (value === undefined || name === 'sub' || name.startsWith('dev:') || (readable && !readable.has(name))) continue;
    out[name] = value;
  }
  out.username = user.username;
  return out;
}
