/**
 * Identity pools (`identity_pools`): implements identityPools/pools/store.ts. The account's count
 * of pools is one row of `counters` (key `identity-pools`, a window that never ends), seeded from
 * the table the first time.
 */

const COUNT_KEY = 'identity-pools';
/** The count's window never ends (the sweeper leaves it alone). */
const FOREVER = Number.MAX_SAFE_INTEGER;
import { sql } from 'kysely';
import type { IdentityPoolRepo, IdentityPoolRow } from '../../identityPools/pools/store.ts';
import type { RowLock } from '../store.ts';
import type { ConfigCache } from './config-cache.ts';
import type { Database } from './schema.ts';
import { decodeCursor, json, locked, pageOf, uniquely, type Db } from './shared.ts';

export function identityPoolRepo(db: Db, cache: ConfigCache, inTransaction: boolean, postgres: boolean): IdentityPoolRepo {
  const toRow = (r: Database['identity_pools']): IdentityPoolRow => ({
    id: r.id, name: r.name, config: JSON.parse(r.config), roles: JSON.parse(r.roles), tagMaps: JSON.parse(r.tag_maps),
    tags: JSON.parse(r.tags), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  });
  const get = async (id: string, lock?: RowLock) => {
    const r = await locked(db.selectFrom('identity_pools').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
    return r && toRow(r);
  };
  const key = (id: string) => `identity-pool:${id}`;
  const set = async (id: string, values: Partial<Database['identity_pools']>) => {
    cache.forget(key(id));
    await db.updateTable('identity_pools').set(values).where('id', '=', id).execute();
  };
  return {
    async insert(p) {
      await uniquely('identity-pool', () => db.insertInto('identity_pools').values({
        id: p.id, name: p.name, config: json(p.config), roles: json(p.roles), tag_maps: json(p.tagMaps), tags: json(p.tags),
        created_at: p.createdAt, updated_at: p.updatedAt,
      }).execute());
    },
    async claimSlot(max) {
      // One statement: a first claim seeds the count from the pools that exist; later ones add one
      // under the row's lock, and only below the limit (no row back: the limit is reached).
      const r = await db.insertInto('counters')
        .values({ key: COUNT_KEY, count: sql<number>`(select count(*) from identity_pools) + 1`, window_end: FOREVER })
        .onConflict((oc) => oc.column('key').doUpdateSet({ count: sql<number>`counters.count + 1` }).where('counters.count', '<', max))
        .returning('count').executeTakeFirst();
      return r !== undefined && Number(r.count) <= max;
    },
    async releaseSlot() {
      await db.updateTable('counters').set({ count: sql<number>`count - 1` }).where('key', '=', COUNT_KEY).where('count', '>', 0).execute();
    },
    get,
    getCached: (id) => (inTransaction ? get(id) : cache.read(key(id), () => get(id))),
    updateConfig: (id, name, config, at) => set(id, { name, config: json(config), updated_at: at }),
    updateRoles: (id, roles, at) => set(id, { roles: json(roles), updated_at: at }),
    updateTagMaps: (id, tagMaps, at) => set(id, { tag_maps: json(tagMaps), updated_at: at }),
    updateTags: (id, tags, at) => set(id, { tags: json(tags), updated_at: at }),
    async delete(id) {
      cache.forget(key(id));
      const r = await db.deleteFrom('identity_pools').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async list({ limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('identity_pools').select(['id', 'name']).orderBy('id').limit(limit + 1);
      if (cursor) q = q.where('id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, (r) => ({ id: r.id, name: r.name }), (r) => [r.id]);
    },
  };
}
