/**
 * Passkeys: users' WebAuthn credentials. `credential_id` is the authenticator's id
 * (base64url), unique across the server as WebAuthn ids are; `sign_count` the latest signature
 * counter accepted, raised by one conditional update per sign-in.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('webauthn_credentials')
    .addColumn('credential_id', 'varchar(1024)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('friendly_name', 'varchar(256)', (c) => c.notNull())
    .addColumn('relying_party_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('aaguid', 'varchar(36)', (c) => c.notNull())
    .addColumn('authenticator_attachment', 'varchar(32)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_credentials_user').on('webauthn_credentials').columns(['user_id', 'created_at', 'credential_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webauthn_credentials').execute();
}
