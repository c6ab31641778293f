/**
 * IAM roles (trust policy, inline permission policies) and the temporary credentials STS
 * issues for them (secret and session token sealed by the KeyVault), kept so that resource
 * servers' verifications can check them and revocation can end them.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('iam_roles')
    .addColumn('name_key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('role_id', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('arn', 'varchar(1024)', (c) => c.notNull())
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'varchar(1000)')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createTable('iam_role_policies')
    .addColumn('role_name_key', 'varchar(64)', (c) => c.notNull().references('iam_roles.name_key').onDelete('cascade'))
    .addColumn('policy_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_role_policies_pk', ['role_name_key', 'policy_name'])
    .execute();

  // No foreign key to roles: credentials outlive a deleted role (and are then refused).
  await db.schema.createTable('sts_credentials')
    .addColumn('access_key_id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'varchar(1024)', (c) => c.notNull())
    .addColumn('role_name_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('session_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('assumed_role_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('principal_tags', 'text', (c) => c.notNull())
    .addColumn('session_policies', 'text', (c) => c.notNull())
    .addColumn('unknown_role', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('sts_credentials_by_session').on('sts_credentials').columns(['role_arn', 'session_name']).execute();
  await db.schema.createIndex('sts_credentials_expiry').on('sts_credentials').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['sts_credentials', 'iam_role_policies', 'iam_roles']) await db.schema.dropTable(t).execute();
}
