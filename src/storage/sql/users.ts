/**
 * Users and their indexes (`users`, `user_aliases`, `user_search`): implements UserRepo of
 * userPools/users/store.ts.
 */
import { sql } from 'kysely';
import type { UserState } from '../../userPools/users/state.ts';
import type { UserIndexes, UserRepo, UserRow } from '../../userPools/users/store.ts';
import type { RowLock } from '../store.ts';
import type { Database } from './schema.ts';
import { Precompiled, decodeCursor, json, pageOf, prefixUpperBound, uniquely, type Db } from './shared.ts';

type UserDb = Database['users'];
export const toUser = (r: UserDb): UserRow => ({
  id: r.id,
  poolId: r.pool_id,
  username: r.username,
  usernameKey: r.username_key,
  status: r.status,
  enabled: Number(r.enabled) === 1,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  credentialsEnc: r.credentials_enc,
  state: JSON.parse(r.state) as UserState,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const fromUser = (u: UserRow): UserDb => ({
  id: u.id,
  pool_id: u.poolId,
  username: u.username,
  username_key: u.usernameKey,
  status: u.status,
  enabled: u.enabled ? 1 : 0,
  attributes: json(u.attributes),
  credentials_enc: u.credentialsEnc,
  state: json(u.state),
  created_at: u.createdAt,
  updated_at: u.updatedAt,
});

// The sign-in and token paths' lookups, compiled once (shared.ts).
const byId = new Precompiled<UserDb>(1, (db, id) => db.selectFrom('users').selectAll().where('id', '=', id!));
/** PostgreSQL's locked reads of a user (every sign-in and refresh transaction takes one), per lock. */
const byIdLocked: Record<RowLock, Precompiled<UserDb>> = {
  share: new Precompiled(1, (db, id) => db.selectFrom('users').selectAll().where('id', '=', id!).forShare()),
  update: new Precompiled(1, (db, id) => db.selectFrom('users').selectAll().where('id', '=', id!).forUpdate()),
};
const idLocked: Record<RowLock, Precompiled<Pick<UserDb, 'id'>>> = {
  share: new Precompiled(1, (db, id) => db.selectFrom('users').select('id').where('id', '=', id!).forShare()),
  update: new Precompiled(1, (db, id) => db.selectFrom('users').select('id').where('id', '=', id!).forUpdate()),
};
const byUsername = new Precompiled<UserDb>(2, (db, poolId, usernameKey) => db.selectFrom('users').selectAll()
  .where('pool_id', '=', poolId!).where('username_key', '=', usernameKey!));
const byAlias = new Precompiled<UserDb>(3, (db, poolId, kind, value) => db.selectFrom('user_aliases')
  .innerJoin('users', 'users.id', 'user_aliases.user_id').selectAll('users')
  .where('user_aliases.pool_id', '=', poolId!).where('user_aliases.kind', '=', kind!).where('user_aliases.value', '=', value!));

/**
 * A name looked up as a username, as each alias and as a sub, in one statement; compiled once per
 * shape (how many aliases, whether a sub). Parameters: pool, username key, then per alias its
 * `via`, kind and value, then the sub.
 */
const findByNameQueries = new Map<string, Precompiled<UserDb & { via: string }>>();
function findByNameQuery(aliases: number, sub: boolean): Precompiled<UserDb & { via: string }> {
  const shape = `${aliases}:${sub}`;
  let query = findByNameQueries.get(shape);
  if (!query) {
    query = new Precompiled(2 + aliases * 3 + (sub ? 1 : 0), (db, poolId, usernameKey, ...rest) => {
      let q = db.selectFrom('users').selectAll().select(sql<string>`'username'`.as('via'))
        .where('pool_id', '=', poolId!).where('username_key', '=', usernameKey!);
      for (let i = 0; i < aliases; i++) {
        const [via, kind, value] = rest.slice(i * 3, i * 3 + 3) as [string, string, string];
        q = q.unionAll(db.selectFrom('user_aliases').innerJoin('users', 'users.id', 'user_aliases.user_id')
          .selectAll('users').select(sql<string>`${via}`.as('via'))
          .where('user_aliases.pool_id', '=', poolId!).where('user_aliases.kind', '=', kind)
          .where('user_aliases.value', '=', value));
      }
      if (sub) {
        q = q.unionAll(db.selectFrom('users').selectAll().select(sql<string>`'sub'`.as('via'))
          .where('id', '=', rest[aliases * 3]!).where('pool_id', '=', poolId!));
      }
      return q;
    });
    findByNameQueries.set(shape, query);
  }
  return query;
}

export function userRepo(db: Db, postgres: boolean): UserRepo {
  async function writeIndexes(user: Pick<UserRow, 'id' | 'poolId'>, indexes: UserIndexes): Promise<void> {
    await db.deleteFrom('user_search').where('user_id', '=', user.id).execute();
    await db.deleteFrom('user_aliases').where('user_id', '=', user.id).execute();
    if (indexes.search.length > 0) {
      await db.insertInto('user_search')
        .values(indexes.search.map((s) => ({ pool_id: user.poolId, attr: s.attr, value: s.value, user_id: user.id })))
        .execute();
    }
    for (const a of indexes.aliases) {
      await uniquely(`alias:${a.kind}`, () => db.insertInto('user_aliases')
        .values({ pool_id: user.poolId, kind: a.kind, value: a.value, user_id: user.id }).execute());
    }
  }
  return {
    async insert(user, indexes) {
      await uniquely('username', () => db.insertInto('users').values(fromUser(user)).execute());
      await writeIndexes(user, indexes);
    },
    async get(id, lock) {
      const r = lock && postgres ? await byIdLocked[lock].first(db, postgres, [id]) : await byId.first(db, postgres, [id]);
      return r && toUser(r);
    },
    async lock(id, lock) {
      if (postgres) await idLocked[lock].rows(db, postgres, [id]);
    },
    async getByUsername(poolId, usernameKey) {
      const r = await byUsername.first(db, postgres, [poolId, usernameKey]);
      return r && toUser(r);
    },
    async getByAlias(poolId, kind, value) {
      const r = await byAlias.first(db, postgres, [poolId, kind, value]);
      return r && toUser(r);
    },
    async findByName(poolId, name) {
      const params = [poolId, name.usernameKey, ...name.aliases.flatMap((a) => [`alias:${a.kind}`, a.kind, a.value]), ...(name.sub ? [name.sub] : [])];
      const rows = await findByNameQuery(name.aliases.length, name.sub !== undefined && name.sub !== '').rows(db, postgres, params);
      return rows.map(({ via, ...row }) => ({ via, user: toUser(row) }));
    },
    async update(id, fields, indexes) {
      const set: Partial<UserDb> = {};
      if (fields.username !== undefined) set.username = fields.username;
      if (fields.usernameKey !== undefined) set.username_key = fields.usernameKey;
      if (fields.status !== undefined) set.status = fields.status;
      if (fields.enabled !== undefined) set.enabled = fields.enabled ? 1 : 0;
      if (fields.attributes !== undefined) set.attributes = json(fields.attributes);
      if (fields.credentialsEnc !== undefined) set.credentials_enc = fields.credentialsEnc;
      if (fields.state !== undefined) set.state = json(fields.state);
      if (fields.updatedAt !== undefined) set.updated_at = fields.updatedAt;
      if (Object.keys(set).length > 0) {
        await uniquely('username', () => db.updateTable('users').set(set).where('id', '=', id).execute());
      }
      if (indexes) {
        const r = await db.selectFrom('users').select('pool_id').where('id', '=', id).executeTakeFirst();
        if (r) await writeIndexes({ id, poolId: r.pool_id }, indexes);
      }
    },
    async delete(id) {
      const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async list(poolId, search, { limit, after }) {
      const cursor = decodeCursor(after);
      if (!search) {
        let q = db.selectFrom('users').selectAll().where('pool_id', '=', poolId).orderBy('username_key').limit(limit + 1);
        if (cursor) q = q.where('username_key', '>', cursor[0]!);
        return pageOf(await q.execute(), limit, toUser, (r) => [r.username_key]);
      }
      let q = db.selectFrom('user_search').innerJoin('users', 'users.id', 'user_search.user_id')
        .selectAll('users').select(['user_search.value as search_value'])
        .where('user_search.pool_id', '=', poolId).where('user_search.attr', '=', search.attr)
        .orderBy('user_search.value').orderBy('user_search.user_id').limit(limit + 1);
      if (search.op === 'equals') {
        q = q.where('user_search.value', '=', search.value);
      } else {
        q = q.where('user_search.value', '>=', search.value);
        const bound = prefixUpperBound(search.value);
        if (bound !== undefined) q = q.where('user_search.value', '<', bound);
      }
      if (cursor) {
        const [value, userId] = cursor as [string, string];
        q = q.where((eb) => eb.or([
          eb('user_search.value', '>', value),
          eb.and([eb('user_search.value', '=', value), eb('user_search.user_id', '>', userId)]),
        ]));
      }
      return pageOf(await q.execute(), limit, toUser, (r) => [r.search_value, r.id]);
    },
  };
}
