/**
 * Decoy codes of hidden users (`decoy_codes`): implements DecoyCodeRepo of userPools/users/store.ts.
 */
import { sql } from 'kysely';
import type { DecoyCodeRepo, DecoyCodeRow } from '../../userPools/users/store.ts';
import type { Db } from './shared.ts';

export function decoyCodeRepo(db: Db): DecoyCodeRepo {
  const columns = (c: Omit<DecoyCodeRow, 'subject' | 'purpose'>) => ({
    pool_id: c.poolId, code_hash: c.codeHash, body: c.body, expires_at: c.expiresAt, created_at: c.createdAt,
  });
  return {
    async put(code) {
      const values = { ...columns(code), attempts: 0 };
      await db.insertInto('decoy_codes').values({ subject: code.subject, purpose: code.purpose, ...values })
        .onConflict((oc) => oc.columns(['subject', 'purpose']).doUpdateSet(values))
        .execute();
    },
    async guess(subject, purpose, now, issue) {
      if (!issue) {
        const r = await db.updateTable('decoy_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('subject', '=', subject).where('purpose', '=', purpose).where('expires_at', '>', now)
          .returning('attempts').executeTakeFirst();
        return r ? Number(r.attempts) : undefined;
      }
      // One statement: an expired decoy is replaced by a fresh one, guessed once.
      const fresh = columns(issue);
      const live = sql<boolean>`decoy_codes.expires_at > ${now}`;
      const r = await db.insertInto('decoy_codes').values({ subject, purpose, ...fresh, attempts: 1 })
        .onConflict((oc) => oc.columns(['subject', 'purpose']).doUpdateSet({
          attempts: sql<number>`case when ${live} then decoy_codes.attempts + 1 else 1 end`,
          code_hash: sql<string>`case when ${live} then decoy_codes.code_hash else ${fresh.code_hash} end`,
          body: sql<string>`case when ${live} then decoy_codes.body else ${fresh.body} end`,
          created_at: sql<number>`case when ${live} then decoy_codes.created_at else ${fresh.created_at} end`,
          expires_at: sql<number>`case when ${live} then decoy_codes.expires_at else ${fresh.expires_at} end`,
        }))
        .returning('attempts').executeTakeFirstOrThrow();
      return Number(r.attempts);
    },
    async purgeExpired(now) {
      await db.deleteFrom('decoy_codes').where('expires_at', '<=', now).execute();
    },
  };
}
