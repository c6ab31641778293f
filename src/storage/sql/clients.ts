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
    secretCreatedAt: r.secret_created_at === null ? null : Number(r.secret_created_at),
    secret2Enc: r.secret2_enc, secret2CreatedAt: r.secret2_created_at === null ? null : Number(r.secret2_created_at),
  });
  const getClient = async (id: string, lock?: RowLock) => {
    const r = await locked(db.selectFrom('user_pool_clients').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
    return r && toClient(r);
  };
  return {
    async insert(c) {
      await uniquely('client', () => db.insertInto('user_pool_clients').values({
        id: c.id, pool_id: c.poolId, name: c.name, config: json(c.config), secret_enc: c.secretEnc,
        created_at: c.createdAt, updated_at: c.updatedAt, secret_created_at: c.secretCreatedAt ?? null,
        secret2_enc: c.secret2Enc ?? null, secret2_created_at: c.secret2CreatedAt ?? null,
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
    async fillSecretSlot(id, slot, sealed, createdAt) {
      cache.forget(`client:${id}`);
      const r = slot === 1
        ? await db.updateTable('user_pool_clients').set({ secret_enc: sealed, secret_created_at: createdAt })
          .where('id', '=', id).where('secret_enc', 'is', null).where('secret2_enc', 'is not', null).executeTakeFirst()
        : await db.updateTable('user_pool_clients').set({ secret2_enc: sealed, secret2_created_at: createdAt })
          .where('id', '=', id).where('secret2_enc', 'is', null).where('secret_enc', 'is not', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async clearSecretSlot(id, slot, createdAt) {
      cache.forget(`client:${id}`);
      const r = slot === 1
        ? await db.updateTable('user_pool_clients').set({ secret_enc: null, secret_created_at: null })
          .where('id', '=', id).where('secret_enc', 'is not', null).where('secret2_enc', 'is not', null)
          .where((eb) => eb(eb.fn.coalesce('secret_created_at', 'created_at'), '=', createdAt)).executeTakeFirst()
        : await db.updateTable('user_pool_clients').set({ secret2_enc: null, secret2_created_at: null })
          .where('id', '=', id).where('secret2_enc', 'is not', null).where('secret_enc', 'is not', null)
          .where('secret2_created_at', '=', createdAt).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async list(poolId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('user_pool_clients').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (cursor) q = q.where('id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toClient, (r) => [r.id]);
    },
  };
}
