/**
 * Devices: a user's tracked devices (DEVICE_SRP_AUTH). A row is written when a sign-in answers
 * NewDeviceMetadata (unconfirmed: no verifier, `expires_at` set) and confirmed by ConfirmDevice
 * (the client's SRP verifier and salt, `expires_at` cleared). `status` is `remembered` or
 * `not_remembered` once confirmed.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('devices')
    .addColumn('device_key', 'varchar(55)', (c) => c.primaryKey())
    .addColumn('pool_id', 'varchar(55)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('group_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('verifier', 'text')
    .addColumn('salt', 'text')
    .addColumn('name', 'varchar(1024)')
    .addColumn('status', 'varchar(16)')
    .addColumn('last_authenticated_at', 'bigint')
    .addColumn('last_ip', 'varchar(64)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .execute();
  await db.schema.createIndex('devices_user').on('devices').columns(['user_id', 'device_key']).execute();
  await db.schema.createIndex('devices_expiry').on('devices').columns(['expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('devices').execute();
}
