/**
 * Machine-to-machine access tokens (the client credentials grant): minted for an app client, not
 * a person, with the custom scopes of the pool's resource servers. Shared by GetClientToken and
 * the token endpoint's `client_credentials` grant; each caller authenticates the client and checks
 * that it allows the grant first.
 *
 * The token is Cognito's M2M access token: `sub` and `client_id` are the client's id, no
 * `username`, `token_use` access, `scope` the granted custom scopes, `version` 2. No ID or refresh
 * token is issued. A pool whose pre token generation trigger is V3_0 customises it first
 * (`TokenGeneration_ClientCredentials`: claims added, overridden and suppressed, scopes added and
 * suppressed), outside any transaction.
 */
import { randomUUID } from 'node:crypto';
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { clientCredentialsTokenGeneration, customiseAccessClaims } from '../tokens/customise.ts';
import type { TriggerOrigin } from '../triggers/custom-message.ts';
import { issuerOf } from '../tokens/issuer.ts';
import { signJws } from '../tokens/jws.ts';
import { poolKeys } from '../tokens/signing-keys.ts';
import { OAuthGrantError } from './errors.ts';

export interface ClientCredentialsToken {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  tokenType: 'Bearer';
  /** The granted scopes, space-separated. */
  scope: string;
}

const invalidScope = (message: string) => new OAuthGrantError('invalid_scope', 'InvalidParameterException', message);

/**
 * The scopes granted: those requested (all of the client's custom scopes when none are), each of
 * which the client must allow and a resource server of its pool must still define (read from this
 * server's cache: CONFIG_CACHE_MS old at most, fresh after this node's own resource server writes).
 */
export async function grantedScopes(services: Services, client: ClientView, requested: readonly string[] | undefined): Promise<string[]> {
  const defined = await services.caches.customScopes.get(services.store, client.poolId);
  const allowed = (client.config.AllowedOAuthScopes ?? []).filter((s) => defined.has(s));
  if (requested === undefined || requested.length === 0) {
    if (allowed.length === 0) throw invalidScope(`Client ${client.id} has no custom scopes to grant.`);
    return allowed;
  }
  const granted = [...new Set(requested)];
  const refused = granted.find((s) => !allowed.includes(s));
  if (refused !== undefined) throw invalidScope(`Invalid scope requested: ${refused}`);
  return granted;
}

export async function issueClientCredentialsToken(
  services: Services, input: { client: ClientView; scopes?: readonly string[] | undefined; origin: TriggerOrigin },
): Promise<ClientCredentialsToken> {
  const { client } = input;
  const scopes = await grantedScopes(services, client, input.scopes);
  const pool = await requirePoolConfig(services.store, client.poolId, services.caches.poolViews);
  const overrides = await clientCredentialsTokenGeneration(input.origin, pool, scopes);
  const keys = await poolKeys(services, client.poolId);
  const iat = Math.floor(services.clock.now() / 1000);
  const expiresIn = client.accessTokenValiditySeconds;
  const claims = customiseAccessClaims({
    sub: client.id,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: issuerOf(services.settings, client.poolId),
    exp: iat + expiresIn,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.id,
  }, overrides);
  const scope = typeof claims['scope'] === 'string' ? claims['scope'] : '';
  return { accessToken: signJws(claims, keys.signers.access), expiresIn, tokenType: 'Bearer', scope };
}
