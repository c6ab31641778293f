/**
 * The OAuth management API (issue 11): user pool domains (one prefix and one custom domain per
 * pool, a domain name belongs to one pool), resource servers and their scopes, a second client
 * secret slot on app clients (Cognito allows two active secrets), classic UI customisations,
 * managed login branding styles and terms documents.
 */
import type { Kysely } from 'kysely';
import { keyText } from '../sql/dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('user_pool_domains')
    .addColumn('domain', keyText(db, 255), (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('managed_login_version', 'integer', (c) => c.notNull())
    .addColumn('custom_domain_config', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_pool_domains_pool_kind').on('user_pool_domains').columns(['pool_id', 'kind']).unique().execute();

  await db.schema.alterTable('user_pool_clients').addColumn('secret_created_at', 'bigint').execute();
  await db.schema.alterTable('user_pool_clients').addColumn('secret2_enc', 'text').execute();
  await db.schema.alterTable('user_pool_clients').addColumn('secret2_created_at', 'bigint').execute();

  await db.schema.createTable('resource_servers')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('identifier', keyText(db, 256), (c) => c.notNull())
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_servers_pk', ['pool_id', 'identifier'])
    .execute();

  await db.schema.createTable('ui_customizations')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    // 'ALL' for the pool's own customisation, else an app client's id.
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('css', 'text')
    .addColumn('image_file', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_customizations_pk', ['pool_id', 'client_id'])
    .execute();

  await db.schema.createTable('managed_login_brandings')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull().references('user_pool_clients.id').onDelete('cascade'))
    .addColumn('use_cognito_provided_values', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text')
    .addColumn('assets', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('managed_login_brandings_client').on('managed_login_brandings').columns(['client_id']).unique().execute();
  await db.schema.createIndex('managed_login_brandings_pool').on('managed_login_brandings').columns(['pool_id']).execute();

  await db.schema.createTable('terms')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'varchar(128)', (c) => c.notNull().references('user_pool_clients.id').onDelete('cascade'))
    .addColumn('name', keyText(db, 128), (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('enforcement', 'varchar(16)', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('terms_client_name').on('terms').columns(['client_id', 'name']).unique().execute();
  await db.schema.createIndex('terms_pool').on('terms').columns(['pool_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['terms', 'managed_login_brandings', 'ui_customizations', 'resource_servers', 'user_pool_domains']) {
    await db.schema.dropTable(table).execute();
  }
  for (const column of ['secret2_created_at', 'secret2_enc', 'secret_created_at']) {
    await db.schema.alterTable('user_pool_clients').dropColumn(column).execute();
  }
}
