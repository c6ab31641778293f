/** Indexes the expiry sweeper deletes by, so that a sweep never scans a whole table. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('refresh_tokens_expiry').on('refresh_tokens').column('expires_at').execute();
  await db.schema.createIndex('codes_expiry').on('codes').column('expires_at').execute();
  await db.schema.createIndex('counters_expiry').on('counters').column('window_end').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of ['counters_expiry', 'codes_expiry', 'refresh_tokens_expiry']) await db.schema.dropIndex(name).execute();
}
