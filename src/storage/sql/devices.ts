/**
 * Devices (`devices`): implements userPools/devices/store.ts.
 */
import type { DeviceRepo, DeviceRow, DeviceStatus } from '../../userPools/devices/store.ts';
import type { Database } from './schema.ts';
import { decodeCursor, locked, pageOf, type Db } from './shared.ts';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

const toRow = (r: Database['devices']): DeviceRow => ({
  deviceKey: r.device_key, poolId: r.pool_id, userId: r.user_id, groupKey: r.group_key, verifier: r.verifier, salt: r.salt,
  name: r.name, status: r.status as DeviceStatus | null, lastAuthenticatedAt: num(r.last_authenticated_at), lastIp: r.last_ip,
  createdAt: Number(r.created_at), modifiedAt: Number(r.modified_at), expiresAt: num(r.expires_at),
});

export function deviceRepo(db: Db, postgres: boolean): DeviceRepo {
  return {
    async insertPending(d) {
      await db.insertInto('devices').values({
        device_key: d.deviceKey, pool_id: d.poolId, user_id: d.userId, group_key: d.groupKey, verifier: null, salt: null,
        name: null, status: null, last_authenticated_at: d.lastAuthenticatedAt, last_ip: d.lastIp,
        created_at: d.createdAt, modified_at: d.modifiedAt, expires_at: d.expiresAt,
      }).execute();
    },
    async get(deviceKey, lock) {
      const r = await locked(db.selectFrom('devices').selectAll().where('device_key', '=', deviceKey), postgres, lock).executeTakeFirst();
      return r && toRow(r);
    },
    async confirm(deviceKey, userId, c, now) {
      const r = await db.updateTable('devices')
        .set({ verifier: c.verifier, salt: c.salt, name: c.name, status: c.status, modified_at: now, expires_at: null })
        .where('device_key', '=', deviceKey).where('user_id', '=', userId).where('verifier', 'is', null).where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async listOf(userId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('devices').selectAll().where('user_id', '=', userId).where('verifier', 'is not', null)
        .orderBy('device_key').limit(limit + 1);
      if (cursor) q = q.where('device_key', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toRow, (r) => [r.device_key]);
    },
    async setStatus(deviceKey, userId, status, now) {
      const r = await db.updateTable('devices').set({ status, modified_at: now })
        .where('device_key', '=', deviceKey).where('user_id', '=', userId).where('verifier', 'is not', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async delete(deviceKey, userId) {
      const r = await db.deleteFrom('devices')
        .where('device_key', '=', deviceKey).where('user_id', '=', userId).where('verifier', 'is not', null).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async touch(deviceKey, now, ip) {
      const r = await db.updateTable('devices').set({ last_authenticated_at: now, last_ip: ip })
        .where('device_key', '=', deviceKey).where('verifier', 'is not', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async purgeExpired(now) {
      await db.deleteFrom('devices').where('expires_at', '<=', now).execute();
    },
  };
}
