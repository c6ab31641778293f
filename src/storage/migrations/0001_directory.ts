/** The user directory: pools, app clients, users with their search and alias indexes, groups. */
import type { Kysely } from 'kysely';
import { keyText } from '../sql/dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('user_pools')
    .addColumn('id', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('user_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('user_pool_clients')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_pool_clients_by_pool').on('user_pool_clients').columns(['pool_id', 'id']).execute();

  await db.schema.createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('username', 'varchar(128)', (c) => c.notNull())
    .addColumn('username_key', keyText(db, 512), (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('credentials_enc', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_by_username').unique().on('users').columns(['pool_id', 'username_key']).execute();

  // ListUsers filters: one row per searchable attribute value, ordered as the API sorts.
  await db.schema.createTable('user_search')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('attr', 'varchar(32)', (c) => c.notNull())
    .addColumn('value', keyText(db, 2048), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_search_pk', ['pool_id', 'attr', 'value', 'user_id'])
    .execute();
  await db.schema.createIndex('user_search_by_user').on('user_search').column('user_id').execute();

  // Sign-in aliases (email, phone_number, preferred_username): unique per pool.
  await db.schema.createTable('user_aliases')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('value', keyText(db, 2048), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_aliases_pk', ['pool_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('user_aliases_by_user').on('user_aliases').column('user_id').execute();

  await db.schema.createTable('groups')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', keyText(db, 128), (c) => c.notNull())
    .addColumn('description', 'varchar(2048)')
    .addColumn('precedence', 'integer')
    .addColumn('role_arn', 'varchar(2048)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['pool_id', 'name'])
    .execute();

  await db.schema.createTable('group_members')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('group_name', keyText(db, 128), (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['pool_id', 'group_name', 'user_id'])
    .addForeignKeyConstraint('group_members_group', ['pool_id', 'group_name'], 'groups', ['pool_id', 'name'], (f) => f.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('group_members_by_user').on('group_members').columns(['user_id', 'group_name']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['group_members', 'groups', 'user_aliases', 'user_search', 'users', 'user_pool_clients', 'user_pools']) {
    await db.schema.dropTable(t).execute();
  }
}
