/**
 * One row per key-encryption key that has sealed secrets in this database, holding a value
 * sealed under it: at start a node opens each one, and refuses to start when its keyring lacks
 * a key (or holds another key under the same id), instead of failing every sign-in later.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('kek_canaries')
    .addColumn('key_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('canary_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kek_canaries').execute();
}
