/**
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN: new ID and access tokens, no new
 * refresh token. Clients with refresh-token rotation must refresh through
 * GetTokensFromRefreshToken instead, as AWS documents.
 */
import { errors } from '../../../errors.ts';
import { checkSecretHash } from '../../clients/secret-hash.ts';
import { refreshTokens } from '../../tokens/index.ts';
import { hashRefreshToken, looksLikeRefreshToken } from '../../tokens/refresh-token.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { refreshCustomiser } from '../tokens-step.ts';

/**
 * SECRET_HASH of a refresh: clients hash the internal username (`cognito:username`) or the name
 * they signed in with. Without a known owner the token itself is refused by refreshTokens().
 */
async function checkRefreshSecretHash(call: AuthCall, token: string, parameters: ParameterMap): Promise<void> {
  if (!call.client.hasSecret) return; // nothing to check, so no need to look the owner up
  const { store, vault } = call.services;
  const row = looksLikeRefreshToken(token) ? await store.refreshTokens.get(hashRefreshToken(token)) : undefined;
  const owner = row ? await store.users.get(row.userId) : undefined;
  if (!owner && parameters.SECRET_HASH) return;
  const names = [parameters.USERNAME, owner?.username].filter((n): n is string => Boolean(n));
  checkSecretHash(call.client, vault, names, parameters.SECRET_HASH);
}

export async function refreshTokenAuth(call: AuthCall, parameters: ParameterMap): Promise<AuthStep> {
  const token = requireParameter(parameters, 'REFRESH_TOKEN');
  if (call.client.refreshTokenRotation.enabled) {
    throw errors.invalidParameter('Refresh token rotation is enabled for this client: refresh with GetTokensFromRefreshToken.');
  }
  await checkRefreshSecretHash(call, token, parameters);
  const AuthenticationResult = await refreshTokens(call.services.store, call.services, {
    client: call.client, refreshToken: token, rotate: false, customise: refreshCustomiser(call.origin, call.pool),
    ...(parameters.DEVICE_KEY ? { deviceKey: parameters.DEVICE_KEY } : {}),
  });
  return { ChallengeParameters: {}, AuthenticationResult };
}
