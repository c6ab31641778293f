/**
 * IAM OpenID Connect providers (CreateOpenIDConnectProvider): the issuers STS and identity
 * pools trust by registration, with the client ids their tokens' audience must be one of.
 */
import type { Kysely } from 'kysely';
import { keyText } from '../sql/dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('iam_oidc_providers')
    .addColumn('url_key', keyText(db, 255), (c) => c.primaryKey())
    .addColumn('url', 'varchar(263)', (c) => c.notNull())
    .addColumn('arn', 'varchar(1024)', (c) => c.notNull())
    .addColumn('client_ids', 'text', (c) => c.notNull())
    .addColumn('thumbprints', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('iam_oidc_providers').execute();
}
