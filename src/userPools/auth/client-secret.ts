/**
 * GetTokensFromRefreshToken and RevokeToken authenticate a confidential client with its raw
 * ClientSecret (not a SECRET_HASH), compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function checkClientSecret(services: Services, client: ClientView, given: string | undefined): void {
  const secret = client.secret(services.vault);
  if (secret === undefined) return;
  if (!given) throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  // Equal-length digests, so the comparison leaks neither the secret nor its length.
  if (!timingSafeEqual(digest(secret), digest(given))) throw errors.notAuthorized(`Unable to verify secret for client ${client.id}`);
}
