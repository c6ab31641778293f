/**
 * SECRET_HASH: clients with a secret prove they hold it on every public call with
 * Base64(HMAC-SHA256(key = secret, message = username + clientId)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyVault } from '../../crypto/key-vault.ts';
import { errors } from '../../errors.ts';
import type { ClientView } from './client-view.ts';

export const secretHash = (secret: string, username: string, clientId: string): string =>
  createHmac('sha256', secret).update(username + clientId).digest('base64');

/**
 * Checks a caller's SECRET_HASH; clients without a secret need none. Several usernames may be
 * accepted (an alias the caller typed and the internal username), since clients hash either.
 */
export function checkSecretHash(
  client: ClientView, vault: KeyVault, username: string | readonly string[], hash: string | undefined,
): void {
  const secrets = client.secrets(vault);
  if (secrets.length === 0) return;
  if (hash === undefined || hash === '') {
    throw errors.notAuthorized(`Client ${client.id} is configured for secret but secret was not received`);
  }
  const given = Buffer.from(hash);
  const names = typeof username === 'string' ? [username] : username;
  // Each of the client's secrets (two during a rotation) is tried with each name.
  const matches = secrets.some((secret) => names.some((name) => {
    const expected = Buffer.from(secretHash(secret, name, client.id));
    return expected.length === given.length && timingSafeEqual(expected, given);
  }));
  if (!matches) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.id}`);
}
