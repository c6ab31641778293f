/**
 * Request-rate quotas (`counters`, one row per category and second; `provisioned_limits`):
 * implements quotas/store.ts.
 */
import { sql } from 'kysely';
import type { QuotaRepo } from '../../quotas/store.ts';
import type { Db } from './shared.ts';

export function quotaRepo(db: Db): QuotaRepo {
  return {
    async add(key, n, windowEnd) {
      // One upsert: nodes that add at once each get a distinct running total.
      const r = await db.insertInto('counters').values({ key, count: n, window_end: windowEnd })
        .onConflict((oc) => oc.column('key').doUpdateSet({ count: sql<number>`counters.count + ${n}` }))
        .returning('count').executeTakeFirstOrThrow();
      return Number(r.count);
    },
    async limits() {
      const rows = await db.selectFrom('provisioned_limits').select(['category', 'limit_value']).execute();
      return Object.fromEntries(rows.map((r) => [r.category, Number(r.limit_value)]));
    },
    async setLimit(category, value, now) {
      await db.insertInto('provisioned_limits').values({ category, limit_value: value, updated_at: now })
        .onConflict((oc) => oc.column('category').doUpdateSet({ limit_value: value, updated_at: now }))
        .execute();
    },
  };
}
