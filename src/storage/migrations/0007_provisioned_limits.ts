/** Request-rate quotas: the provisioned limit of each API category (absent rows use Cognito's default). */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('provisioned_limits')
    .addColumn('category', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('limit_value', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('provisioned_limits').execute();
}
