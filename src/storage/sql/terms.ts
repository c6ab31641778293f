/**
 * Terms documents (`terms`): implements userPools/terms/store.ts.
 */
import type { TermsRepo, TermsRow } from '../../userPools/terms/store.ts';
import type { Database } from './schema.ts';
import { decodeCursor, json, pageOf, uniquely, type Db } from './shared.ts';

const toTerms = (r: Database['terms']): TermsRow => ({
  id: r.id, poolId: r.pool_id, clientId: r.client_id, name: r.name, source: r.source, enforcement: r.enforcement,
  links: JSON.parse(r.links) as Record<string, string>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function termsRepo(db: Db): TermsRepo {
  return {
    async insert(t) {
      await uniquely('terms', () => db.insertInto('terms').values({
        id: t.id, pool_id: t.poolId, client_id: t.clientId, name: t.name, source: t.source, enforcement: t.enforcement,
        links: json(t.links), created_at: t.createdAt, updated_at: t.updatedAt,
      }).execute());
    },
    async get(poolId, id) {
      const r = await db.selectFrom('terms').selectAll().where('id', '=', id).where('pool_id', '=', poolId).executeTakeFirst();
      return r && toTerms(r);
    },
    async byClientAndName(poolId, clientId, name) {
      const r = await db.selectFrom('terms').selectAll().where('client_id', '=', clientId).where('name', '=', name)
        .where('pool_id', '=', poolId).executeTakeFirst();
      return r && toTerms(r);
    },
    async forClient(clientId) {
      return (await db.selectFrom('terms').selectAll().where('client_id', '=', clientId).orderBy('name').execute()).map(toTerms);
    },
    async update(t) {
      const r = await uniquely('terms', () => db.updateTable('terms').set({
        name: t.name, source: t.source, enforcement: t.enforcement, links: json(t.links), updated_at: t.updatedAt,
      }).where('id', '=', t.id).where('pool_id', '=', t.poolId).executeTakeFirst());
      return Number(r.numUpdatedRows) > 0;
    },
    async delete(poolId, id) {
      const r = await db.deleteFrom('terms').where('id', '=', id).where('pool_id', '=', poolId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async list(poolId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('terms').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (cursor) q = q.where('id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toTerms, (r) => [r.id]);
    },
  };
}
