/**
 * Confirmation codes (`codes`): implements userPools/codes/store.ts.
 */
import type { CodeRepo } from '../../userPools/codes/store.ts';
import { Precompiled, type Db } from './shared.ts';

const putCode = new Precompiled<never>(7, (db, userId, purpose, poolId, codeHash, expiresAt, attempts, createdAt) => {
  const row = {
    user_id: userId!, purpose: purpose!, pool_id: poolId!, code_hash: codeHash!,
    expires_at: expiresAt as unknown as number, attempts: attempts as unknown as number, created_at: createdAt as unknown as number,
  };
  return db.insertInto('codes').values(row)
    .onConflict((oc) => oc.columns(['user_id', 'purpose']).doUpdateSet({
      code_hash: row.code_hash, expires_at: row.expires_at, attempts: row.attempts, created_at: row.created_at,
    }));
});

export function codeRepo(db: Db, postgres: boolean): CodeRepo {
  return {
    async put(c) {
      await putCode.rows(db, postgres, [c.userId, c.purpose, c.poolId, c.codeHash, c.expiresAt, c.attempts, c.createdAt]);
    },
    async get(userId, purpose) {
      const r = await db.selectFrom('codes').selectAll().where('user_id', '=', userId).where('purpose', '=', purpose).executeTakeFirst();
      return r && {
        userId: r.user_id, purpose: r.purpose, poolId: r.pool_id, codeHash: r.code_hash,
        expiresAt: Number(r.expires_at), attempts: Number(r.attempts), createdAt: Number(r.created_at),
      };
    },
    async delete(userId, purpose) {
      await db.deleteFrom('codes').where('user_id', '=', userId).where('purpose', '=', purpose).execute();
    },
    async purgeExpired(now) {
      await db.deleteFrom('codes').where('expires_at', '<=', now).execute();
    },
    async reserveAttempt(userId, purpose, codeHash, limit, now) {
      const r = await db.updateTable('codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('user_id', '=', userId).where('purpose', '=', purpose).where('code_hash', '=', codeHash)
        .where('attempts', '<', limit).where('expires_at', '>', now)
        .returning('attempts').executeTakeFirst();
      return r && Number(r.attempts);
    },
    async consume(userId, purpose, codeHash) {
      const r = await db.deleteFrom('codes')
        .where('user_id', '=', userId).where('purpose', '=', purpose).where('code_hash', '=', codeHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
