/**
 * Codes that hidden users "get" (PreventUserExistenceErrors ENABLED): for an unknown username, or
 * a user the client must not reveal, ForgotPassword / ResendConfirmationCode write a decoy row as
 * durable as a real code and message, and ConfirmSignUp / ConfirmForgotPassword count wrong
 * guesses on it, so that neither the work nor the answers tell the two apart. No code in this
 * table is ever sent or accepted. Keyed by the hidden subject (a user's sub or an unknown
 * username's stable fake id), so no foreign key.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('decoy_codes')
    .addColumn('subject', 'varchar(64)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(64)', (c) => c.notNull())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('decoy_codes_pk', ['subject', 'purpose'])
    .execute();
  await db.schema.createIndex('decoy_codes_expiry').on('decoy_codes').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('decoy_codes').execute();
}
