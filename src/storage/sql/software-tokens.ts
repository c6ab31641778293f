/**
 * Software tokens (`software_tokens`): implements userPools/mfa/store.ts.
 */
import type { SoftwareTokenRepo, SoftwareTokenRow } from '../../userPools/mfa/store.ts';
import type { Database } from './schema.ts';
import { locked, type Db } from './shared.ts';

const toRow = (r: Database['software_tokens']): SoftwareTokenRow => ({
  id: r.id, userId: r.user_id, poolId: r.pool_id, secretEnc: r.secret_enc, verified: Number(r.verified) === 1,
  friendlyName: r.friendly_name, lastStep: r.last_step === null ? null : Number(r.last_step), createdAt: Number(r.created_at),
});

export function softwareTokenRepo(db: Db, postgres: boolean): SoftwareTokenRepo {
  return {
    async putPending(t) {
      await db.deleteFrom('software_tokens').where('user_id', '=', t.userId).where('verified', '=', 0).execute();
      await db.insertInto('software_tokens').values({
        id: t.id, user_id: t.userId, pool_id: t.poolId, secret_enc: t.secretEnc, verified: 0,
        friendly_name: t.friendlyName, last_step: t.lastStep, created_at: t.createdAt,
      }).execute();
    },
    async get(id, lock) {
      const r = await locked(db.selectFrom('software_tokens').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
      return r && toRow(r);
    },
    async verifiedOf(userId) {
      const r = await db.selectFrom('software_tokens').selectAll().where('user_id', '=', userId).where('verified', '=', 1).executeTakeFirst();
      return r && toRow(r);
    },
    async pendingOf(userId) {
      const r = await db.selectFrom('software_tokens').selectAll().where('user_id', '=', userId).where('verified', '=', 0).executeTakeFirst();
      return r && toRow(r);
    },
    async promote(id, userId, friendlyName, step) {
      await db.deleteFrom('software_tokens').where('user_id', '=', userId).where('verified', '=', 1).where('id', '<>', id).execute();
      const r = await db.updateTable('software_tokens').set({ verified: 1, friendly_name: friendlyName, last_step: step })
        .where('id', '=', id).where('user_id', '=', userId).where('verified', '=', 0).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async claimStep(id, step) {
      const r = await db.updateTable('software_tokens').set({ last_step: step })
        .where('id', '=', id).where('verified', '=', 1)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async deleteOf(userId) {
      const verified = await db.deleteFrom('software_tokens').where('user_id', '=', userId).where('verified', '=', 1).executeTakeFirst();
      await db.deleteFrom('software_tokens').where('user_id', '=', userId).execute();
      return Number(verified.numDeletedRows) > 0;
    },
  };
}
