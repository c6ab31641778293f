import { errors } from '../../errors.ts';
import { requireClient } from '../clients/client-view.ts';
import type { Handler } from '../context.ts';
import { refreshTokens } from '../tokens/index.ts';
import { checkClientSecret } from './client-secret.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { refreshCustomiser } from './tokens-step.ts';

/** Amplify v6's refresh; with rotation on, the answer carries the next refresh token. */
export const getTokensFromRefreshToken: Handler<'GetTokensFromRefreshToken'> = async (input, ctx) => {
  const { store } = ctx.services;
  const client = await requireClient(store, input.ClientId);
  checkClientSecret(ctx.services, client, input.ClientSecret);
  if (!client.allowsAuthFlow('REFRESH_TOKEN_AUTH')) throw errors.invalidParameter('REFRESH_TOKEN_AUTH flow not enabled for this client');
  const pool = await requirePoolConfig(store, client.poolId, ctx.services.caches.poolViews);
  const AuthenticationResult = await refreshTokens(store, ctx.services, {
    client, refreshToken: input.RefreshToken, rotate: client.refreshTokenRotation.enabled,
    customise: refreshCustomiser({ ctx, clientId: client.id, clientMetadata: input.ClientMetadata }, pool),
    ...(input.DeviceKey ? { deviceKey: input.DeviceKey } : {}),
  });
  return { AuthenticationResult };
};
