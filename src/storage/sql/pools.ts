/**
 * User pools (`user_pools`): implements userPools/pools/store.ts.
 */
import type { RowLock } from '../store.ts';
import type { PoolConfig } from '../../userPools/pools/pool-config.ts';
import type { PoolRepo, PoolRow } from '../../userPools/pools/store.ts';
import type { ConfigCache } from './config-cache.ts';
import type { Database } from './schema.ts';
import { Precompiled, decodeCursor, json, locked, pageOf, uniquely, type Db } from './shared.ts';

const adjustCount = new Precompiled<never>(2, (db, delta, id) => db.updateTable('user_pools')
  .set((eb) => ({ user_count: eb('user_count', '+', delta as unknown as number) })).where('id', '=', id!));

export function poolRepo(db: Db, cache: ConfigCache, inTransaction: boolean, postgres: boolean): PoolRepo {
  const toPool = (r: Database['user_pools']): PoolRow => ({
    id: r.id, name: r.name, config: JSON.parse(r.config) as PoolConfig,
    userCount: Number(r.user_count), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  });
  const getPool = async (id: string, lock?: RowLock) => {
    const r = await locked(db.selectFrom('user_pools').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
    return r && toPool(r);
  };
  return {
    async insert(p) {
      await uniquely('pool', () => db.insertInto('user_pools').values({
        id: p.id, name: p.name, config: json(p.config), user_count: p.userCount, created_at: p.createdAt, updated_at: p.updatedAt,
      }).execute());
    },
    get: getPool,
    getCached(id) {
      return inTransaction ? getPool(id) : cache.read(`pool:${id}`, () => getPool(id));
    },
    async update(p) {
      cache.forget(`pool:${p.id}`);
      await db.updateTable('user_pools').set({ name: p.name, config: json(p.config), updated_at: p.updatedAt }).where('id', '=', p.id).execute();
    },
    async delete(id) {
      cache.forget(`pool:${id}`);
      await db.deleteFrom('user_pools').where('id', '=', id).execute();
    },
    async list({ limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit + 1);
      if (cursor) q = q.where('id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toPool, (r) => [r.id]);
    },
    async adjustUserCount(id, delta) {
      // The cached row is kept: its count is shown only from fresh reads (DescribeUserPool), and
      // forgetting it made every SignUp read and parse the pool again.
      await adjustCount.rows(db, postgres, [delta, id]);
    },
  };
}
