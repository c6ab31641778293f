/**
 * GetTokensFromRefreshToken and RevokeToken authenticate a confidential client with its raw
 * ClientSecret (not a SECRET_HASH), compared in constant time with each of its secrets.
 */
import { errors } from '../../errors.ts';
import { clientSecretMatches } from '../clients/client-secrets.ts';
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';

export function checkClientSecret(services: Services, client: ClientView, given: string | undefined): void {
  if (!client.hasSecret) return;
  if (!given) throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  if (!clientSecretMatches(client, services.vault, given, services.caches.clientSecretDigests)) throw errors.notAuthorized(`Unable to verify secret for client ${client.id}`);
}
