/**
 * Windowed counters (`counters`): implements CounterRepo of userPools/users/store.ts.
 */
import { sql } from 'kysely';
import type { CounterRepo } from '../../userPools/users/store.ts';
import type { Db } from './shared.ts';

export function counterRepo(db: Db): CounterRepo {
  return {
    async hit(key, windowMs, now) {
      // One statement, so that concurrent nodes count every hit: a new window restarts at 1.
      const r = await db.insertInto('counters').values({ key, count: 1, window_end: now + windowMs })
        .onConflict((oc) => oc.column('key').doUpdateSet({
          count: sql<number>`case when counters.window_end <= ${now} then 1 else counters.count + 1 end`,
          window_end: sql<number>`case when counters.window_end <= ${now} then ${now + windowMs} else counters.window_end end`,
        }))
        .returning('count').executeTakeFirstOrThrow();
      return Number(r.count);
    },
    async get(key, now) {
      const r = await db.selectFrom('counters').selectAll().where('key', '=', key).executeTakeFirst();
      return r && Number(r.window_end) > now ? Number(r.count) : 0;
    },
    async reset(key) {
      await db.deleteFrom('counters').where('key', '=', key).execute();
    },
    async purgeExpired(now) {
      await db.deleteFrom('counters').where('window_end', '<=', now).execute();
    },
  };
}
