/**
 * The OAuth 2.0 endpoints and the managed login pages: authorization codes (single use, kept
 * after use until they expire so that a replay is recognised and revokes what the code issued),
 * the managed-login sessions behind the session cookie, and the scopes of a refresh-token family
 * issued through /oauth2/token (NULL for the JSON API's, whose access tokens carry the admin scope).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('oauth_codes')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'varchar(128)')
    .addColumn('resource', 'text')
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('origin_jti', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('oauth_codes_expiry').on('oauth_codes').column('expires_at').execute();

  await db.schema.createTable('hosted_sessions')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hosted_sessions_expiry').on('hosted_sessions').column('expires_at').execute();

  await db.schema.alterTable('refresh_tokens').addColumn('scope', 'text').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('audience', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').dropColumn('audience').execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('scope').execute();
  await db.schema.dropTable('hosted_sessions').execute();
  await db.schema.dropTable('oauth_codes').execute();
}
