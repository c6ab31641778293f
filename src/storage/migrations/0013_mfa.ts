/**
 * MFA: users' software tokens (TOTP). Each user has at most one verified token and at most one
 * pending one (associated, not yet verified); the seed is sealed (`secret_enc`, see
 * userPools/sealed/columns.ts), and `last_step` is the latest RFC 6238 time step accepted, so
 * that a code is used once, on any node.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('software_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('friendly_name', 'varchar(256)')
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('software_tokens_user').on('software_tokens').columns(['user_id', 'verified']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('software_tokens').execute();
}
