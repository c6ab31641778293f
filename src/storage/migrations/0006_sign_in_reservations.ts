/**
 * Sign-in attempts reserved before their password is checked (`pending`, live until
 * `pending_until`), so that the lockout bounds how many attempts are checked at once, not only
 * how many have failed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sign_in_failures').addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('sign_in_failures').addColumn('pending_until', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sign_in_failures').dropColumn('pending_until').execute();
  await db.schema.alterTable('sign_in_failures').dropColumn('pending').execute();
}
