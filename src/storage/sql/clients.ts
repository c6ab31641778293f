/**
 * App clients (`user_pool_clients`): implements userPools/clients/store.ts.
 */
import type { RowLock } from '../store.ts';
import type { ClientConfig } from '../../userPools/clients/client-config.ts';
import type { ClientRepo, ClientRow } from '../../userPools/clients/store.ts';
import type { ConfigCache } from './config-cache.ts';
import type { Database } from './schema.ts';
import { decodeCursor, json, locked, pageOf, uniquely, type Db } from './shared.ts';

export function clientRepo(db: Db, cache: ConfigCache, inTransaction: boolean, postgres: boolean): ClientRepo {
  const toClient = (r: Database['user_pool_clients']): ClientRow => ({
    id: r.id, poolId: r.pool_id, name: r.name, config: JSON.parse(r.config) as ClientConfig,
    secretEnc: r.secret_enc, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  });
  const getClient = async (id: string, lock?: RowLock) => {
    const r = await locked(db.selectFrom('user_pool_clients').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
    return r && toClient(r);
  };
  return {
    async insert(c) {
      await uniquely('client', () => db.insertInto('user_pool_clients').values({
        id: c.id, pool_id: c.poolId, name: c.name, config: json(c.config), secret_enc: c.secretEnc,
        created_at: c.createdAt, updated_at: c.updatedAt,
      }).execute());
    },
    get: getClient,
    getCached(id) {
      return inTransaction ? getClient(id) : cache.read(`client:${id}`, () => getClient(id));
    },
    async update(c) {
      cache.forget(`client:${c.id}`);
      await db.updateTable('user_pool_clients')
        .set({ name: c.name, config: json(c.config), updated_at: c.updatedAt })
        .where('id', '=', c.id).execute();
    },
    async delete(id) {
      cache.forget(`client:${id}`);
      await db.deleteFrom('user_pool_clients').where('id', '=', id).execute();
    },
    async list(poolId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('user_pool_clients').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (cursor) q = q.where('id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toClient, (r) => [r.id]);
    },
  };
}
