/**
 * Identities and their logins (`identities`, `identity_logins`): implements
 * identityPools/identities/store.ts.
 */
import type { IdentityRepo, IdentityRow, LoginRow } from '../../identityPools/identities/store.ts';
import type { RowLock } from '../store.ts';
import type { Database } from './schema.ts';
import { decodeCursor, locked, pageOf, uniquely, type Db } from './shared.ts';

export function identityRepo(db: Db, postgres: boolean): IdentityRepo {
  const toIdentity = (r: Database['identities']): IdentityRow => ({
    id: r.id, poolId: r.pool_id, disabled: Number(r.disabled) === 1, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  });
  const toLogin = (r: Database['identity_logins']): LoginRow => ({
    poolId: r.pool_id, provider: r.provider, subject: r.subject, identityId: r.identity_id, createdAt: Number(r.created_at),
  });
  return {
    async insert(i) {
      await db.insertInto('identities').values({
        id: i.id, pool_id: i.poolId, disabled: i.disabled ? 1 : 0, created_at: i.createdAt, updated_at: i.updatedAt,
      }).execute();
    },
    async get(id: string, lock?: RowLock) {
      const r = await locked(db.selectFrom('identities').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
      return r && toIdentity(r);
    },
    async list(poolId, hideDisabled, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('identities').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit + 1);
      if (hideDisabled) q = q.where('disabled', '=', 0);
      if (cursor) q = q.where('id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toIdentity, (r) => [r.id]);
    },
    async disable(id, at) {
      const r = await db.updateTable('identities').set({ disabled: 1, updated_at: at })
        .where('id', '=', id).where('disabled', '=', 0).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async touch(id, at) {
      await db.updateTable('identities').set({ updated_at: at }).where('id', '=', id).execute();
    },
    async delete(id) {
      const r = await db.deleteFrom('identities').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findLogin(poolId, provider, subject) {
      const r = await db.selectFrom('identity_logins').selectAll()
        .where('pool_id', '=', poolId).where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
      return r && toLogin(r);
    },
    async insertLogin(l) {
      await uniquely('login', () => db.insertInto('identity_logins').values({
        pool_id: l.poolId, provider: l.provider, subject: l.subject, identity_id: l.identityId, created_at: l.createdAt,
      }).execute());
    },
    async loginsOf(identityId) {
      return (await db.selectFrom('identity_logins').selectAll().where('identity_id', '=', identityId)
        .orderBy('provider').orderBy('subject').execute()).map(toLogin);
    },
    async loginsOfMany(identityIds) {
      if (identityIds.length === 0) return [];
      return (await db.selectFrom('identity_logins').selectAll().where('identity_id', 'in', identityIds)
        .orderBy('identity_id').orderBy('provider').execute()).map(toLogin);
    },
    async loginsOfProvider(identityId, provider, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('identity_logins').selectAll().where('identity_id', '=', identityId).where('provider', '=', provider)
        .orderBy('subject').limit(limit + 1);
      if (cursor) q = q.where('subject', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toLogin, (r) => [r.subject]);
    },
    async deleteLogin(poolId, provider, subject, identityId) {
      const r = await db.deleteFrom('identity_logins').where('pool_id', '=', poolId).where('provider', '=', provider)
        .where('subject', '=', subject).where('identity_id', '=', identityId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async moveLogins(from, to) {
      const r = await db.updateTable('identity_logins').set({ identity_id: to }).where('identity_id', '=', from).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
