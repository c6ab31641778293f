import type { Handler } from '../context.ts';
import { CLIENT_TOKEN_FLOW } from '../clients/client-config.ts';
import { clientSecretMatches } from '../clients/client-secrets.ts';
import { requireClient } from '../clients/client-view.ts';
import { issueClientCredentialsToken } from './client-credentials.ts';
import { OAuthGrantError } from './errors.ts';

/**
 * GetClientToken: the client credentials grant through the JSON API, for clients whose
 * ExplicitAuthFlows hold ALLOW_CLIENT_TOKEN_AUTH. The secret (either of the client's two)
 * authenticates the call; no IAM signature is needed.
 */
export const getClientToken: Handler<'GetClientToken'> = async (input, ctx) => {
  const { services } = ctx;
  const client = await requireClient(services.store, input.ClientId);
  if (!client.hasSecret || !clientSecretMatches(client, services.vault, input.Secret, services.caches.clientSecretDigests)) {
    throw new OAuthGrantError('invalid_client', 'NotAuthorizedException', `Unable to verify secret for client ${client.id}`);
  }
  if (!(client.explicitAuthFlows as string[]).includes(CLIENT_TOKEN_FLOW)) {
    throw new OAuthGrantError('unauthorized_client', 'InvalidParameterException', 'CLIENT_TOKEN_AUTH flow not enabled for this client');
  }
  const token = await issueClientCredentialsToken(services, {
    client, scopes: input.Scopes, origin: { ctx, clientId: client.id, clientMetadata: input.ClientMetadata },
  });
  return { ClientAuthenticationResult: { AccessToken: token.accessToken, ExpiresIn: token.expiresIn, TokenType: token.tokenType } };
};
