import { requireClient } from '../clients/client-view.ts';
import type { Handler } from '../context.ts';
import { revokeRefreshToken } from '../tokens/index.ts';
import { checkClientSecret } from './client-secret.ts';

/** Revokes a refresh token's family and the ID/access tokens issued from it (Amplify's signOut). */
export const revokeToken: Handler<'RevokeToken'> = async (input, ctx) => {
  const { store } = ctx.services;
  const client = await requireClient(store, input.ClientId);
  checkClientSecret(ctx.services, client, input.ClientSecret);
  await revokeRefreshToken(store, ctx.services, { client, token: input.Token });
  return {};
};
