/**
 * Sign-in state shared by every node: failed-attempt records behind the lockout, single-use
 * markers for challenge sessions and SRP secret blocks, and server-wide secrets (sealed).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // `subject` is a user's sub, or the stable fake id of an unknown username (so that a hidden
  // unknown user locks out like a real one).
  await db.schema.createTable('sign_in_failures')
    .addColumn('subject', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_quiet').on('sign_in_failures').column('last_attempt_at').execute();

  await db.schema.createTable('auth_used_nonces')
    .addColumn('nonce', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_used_nonces_expiry').on('auth_used_nonces').column('expires_at').execute();

  await db.schema.createTable('server_secrets')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['server_secrets', 'auth_used_nonces', 'sign_in_failures']) await db.schema.dropTable(t).execute();
}
