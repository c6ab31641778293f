/**
 * Identity pools (`AWSCognitoIdentityService`): the pools, their identities, the logins linked
 * to each identity (one row per provider and subject: the primary key makes a login belong to
 * one identity at most, so concurrent GetIds for one login create one identity), and the keys
 * that sign the identity pools' OpenID tokens.
 */
import type { Kysely } from 'kysely';
import { keyText } from '../sql/dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('identity_pools')
    .addColumn('id', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(128)', (c) => c.notNull())
    // Each operation writes only its own column: UpdateIdentityPool `config`, SetIdentityPoolRoles
    // `roles`, SetPrincipalTagAttributeMap `tag_maps`, Tag/UntagResource `tags`.
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('tag_maps', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('identities')
    .addColumn('id', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull().references('identity_pools.id').onDelete('cascade'))
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identities_by_pool').on('identities').columns(['pool_id', 'id']).execute();

  await db.schema.createTable('identity_logins')
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('provider', keyText(db, 128), (c) => c.notNull())
    .addColumn('subject', keyText(db, 1024), (c) => c.notNull())
    .addColumn('identity_id', 'varchar(55)', (c) => c.notNull().references('identities.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_logins_pk', ['pool_id', 'provider', 'subject'])
    .execute();
  await db.schema.createIndex('identity_logins_by_identity').on('identity_logins').columns(['identity_id', 'provider']).execute();

  await db.schema.createTable('identity_signing_keys')
    .addColumn('generation', 'integer', (c) => c.primaryKey())
    .addColumn('kid', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['identity_signing_keys', 'identity_logins', 'identities', 'identity_pools']) await db.schema.dropTable(t).execute();
}
