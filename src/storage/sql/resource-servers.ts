/**
 * Resource servers (`resource_servers`): implements userPools/resource-servers/store.ts.
 */
import type { ResourceServerScopeType } from '@aws-sdk/client-cognito-identity-provider';
import type { ResourceServerRepo, ResourceServerRow } from '../../userPools/resource-servers/store.ts';
import type { Database } from './schema.ts';
import { decodeCursor, json, pageOf, uniquely, type Db } from './shared.ts';

const toServer = (r: Database['resource_servers']): ResourceServerRow => ({
  poolId: r.pool_id, identifier: r.identifier, name: r.name, scopes: JSON.parse(r.scopes) as ResourceServerScopeType[],
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function resourceServerRepo(db: Db): ResourceServerRepo {
  return {
    async insert(s) {
      await uniquely('resource_server', () => db.insertInto('resource_servers').values({
        pool_id: s.poolId, identifier: s.identifier, name: s.name, scopes: json(s.scopes), created_at: s.createdAt, updated_at: s.updatedAt,
      }).execute());
    },
    async get(poolId, identifier) {
      const r = await db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
      return r && toServer(r);
    },
    async update(s) {
      const r = await db.updateTable('resource_servers').set({ name: s.name, scopes: json(s.scopes), updated_at: s.updatedAt })
        .where('pool_id', '=', s.poolId).where('identifier', '=', s.identifier).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async delete(poolId, identifier) {
      const r = await db.deleteFrom('resource_servers').where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async list(poolId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier').limit(limit + 1);
      if (cursor) q = q.where('identifier', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toServer, (r) => [r.identifier]);
    },
    async count(poolId) {
      const r = await db.selectFrom('resource_servers').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', poolId).executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async all(poolId) {
      return (await db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier').execute()).map(toServer);
    },
  };
}
