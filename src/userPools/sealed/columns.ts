/**
 * The one registry of sealed columns: every value the KeyVault seals into the database, where it
 * lives and the associated data it is sealed with. Sealing and opening (through each entry's
 * `context`, used by the module that owns the value), `alcove rotate-kek` (reseal-secrets.ts) and
 * the start-up KEK check (kek-check.ts) all read this table, and storage/sql/sealed.ts scans and
 * swaps any entry without knowing it: a new sealed secret is one entry more.
 */
import type { SealedColumnLocation } from './store.ts';
import { sealContext as identityKeyContext } from '../../identityPools/tokens/keys.ts';
import { sealContext as serverSecretContext } from '../auth/unknown-users.ts';
import { secret2Context, secretContext } from '../clients/client-view.ts';
import { sealContext as outboxContext } from '../messages/outbox.ts';
import { sealContext as softwareTokenContext } from '../mfa/totp.ts';
import { sealContext as signingKeyContext } from '../tokens/signing-keys.ts';
import { sealContext as credentialsContext } from '../users/credentials.ts';
import { sealContext as stsCredentialContext } from '../../sts/credentials.ts';

export interface SealedColumn extends SealedColumnLocation {
  /** The name reports use (`alcove rotate-kek` prints one line per entry). */
  name: string;
  /** The associated data a value was sealed with, from its row's key and `parts` columns. */
  context: (row: Record<string, string>) => string;
}

const entries = [
  { name: 'user_credentials', table: 'users', key: 'id', column: 'credentials_enc', parts: [], context: (r) => credentialsContext(r.id!) },
  { name: 'client_secret', table: 'user_pool_clients', key: 'id', column: 'secret_enc', parts: [], context: (r) => secretContext(r.id!) },
  { name: 'client_secret_2', table: 'user_pool_clients', key: 'id', column: 'secret2_enc', parts: [], context: (r) => secret2Context(r.id!) },
  { name: 'signing_key', table: 'signing_keys', key: 'kid', column: 'private_key_enc', parts: ['pool_id'], context: (r) => signingKeyContext(r.pool_id!, r.kid!) },
  { name: 'identity_signing_key', table: 'identity_signing_keys', key: 'kid', column: 'private_key_enc', parts: [], context: (r) => identityKeyContext(r.kid!) },
  { name: 'server_secret', table: 'server_secrets', key: 'name', column: 'secret_enc', parts: [], context: (r) => serverSecretContext(r.name!) },
  {
    name: 'outbox_body', table: 'outbox', key: 'id', keyType: 'integer', column: 'body', parts: ['pool_id', 'destination'],
    context: (r) => outboxContext({ poolId: r.pool_id!, destination: r.destination! }),
  },
  { name: 'sts_credentials', table: 'sts_credentials', key: 'access_key_id', column: 'secret_enc', parts: [], context: (r) => stsCredentialContext(r.access_key_id!) },
  { name: 'software_token_seed', table: 'software_tokens', key: 'id', column: 'secret_enc', parts: [], context: (r) => softwareTokenContext(r.id!) },
] as const satisfies readonly SealedColumn[];

/** Every sealed column, in the order reports list them. */
export const sealedColumns: readonly SealedColumn[] = entries;

type SealedColumnName = (typeof entries)[number]['name'];

/** The registry entry named `name`. */
export function sealedColumn(name: SealedColumnName): SealedColumn {
  return entries.find((c) => c.name === name)!;
}
