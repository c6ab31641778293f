/**
 * Tokens: per-pool signing keys (private halves sealed by the KeyVault), refresh tokens
 * (stored only as hashes), and revocations that access tokens are checked against.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per key; (pool, use, generation) is the race guard: nodes creating or rotating
  // keys at once insert the same generation and only one insert wins.
  await db.schema.createTable('signing_keys')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('use', 'varchar(8)', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('kid', 'varchar(64)', (c) => c.notNull())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .addColumn('publish_until', 'bigint')
    .addPrimaryKeyConstraint('signing_keys_pk', ['pool_id', 'use', 'generation'])
    .execute();

  await db.schema.createTable('refresh_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    // No foreign key to users: a deleted user's token must still be recognised, so that the
    // refresh fails with "User does not exist." rather than as an unknown token.
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('device_key', 'varchar(55)')
    .addColumn('origin_jti', 'varchar(36)', (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('replaced_by', 'varchar(64)')
    .addColumn('grace_until', 'bigint')
    .execute();
  await db.schema.createIndex('refresh_tokens_by_user').on('refresh_tokens').columns(['user_id', 'expires_at']).execute();
  await db.schema.createIndex('refresh_tokens_by_family').on('refresh_tokens').column('origin_jti').execute();

  // `family:<origin_jti>` (RevokeToken) and `user:<sub>` (GlobalSignOut watermark); kept until
  // every access token they can concern has expired.
  await db.schema.createTable('token_revocations')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('revoked_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('token_revocations_expiry').on('token_revocations').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['token_revocations', 'refresh_tokens', 'signing_keys']) await db.schema.dropTable(t).execute();
}
