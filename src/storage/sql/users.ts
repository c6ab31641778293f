/**
 * Users and their indexes (`users`, `user_aliases`, `user_search`): implements UserRepo of
 * userPools/users/store.ts.
 */
import { sql, type Compilable } from 'kysely';
import type { UserState } from '../../userPools/users/state.ts';
import type { UserIndexes, UserListing, UserName, UserProfile, UserRepo, UserRow } from '../../userPools/users/store.ts';
import type { RowLock } from '../store.ts';
import type { Database } from './schema.ts';
import { Precompiled, decodeCursor, json, pageOf, prefixUpperBound, uniquely, withParent, type Db } from './shared.ts';

type UserDb = Database['users'];
type ProfileDb = Omit<UserDb, 'credentials_enc'>;
/** The row without its credentials (PROFILE_COLUMNS). */
export const toProfile = (r: ProfileDb): UserProfile => ({
  id: r.id,
  poolId: r.pool_id,
  username: r.username,
  usernameKey: r.username_key,
  status: r.status,
  enabled: Number(r.enabled) === 1,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  state: JSON.parse(r.state) as UserState,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
export const toUser = (r: UserDb): UserRow => ({ ...toProfile(r), credentialsEnc: r.credentials_enc });
/** The columns of a user but its sealed credentials. */
export const PROFILE_COLUMNS = ['id', 'pool_id', 'username', 'username_key', 'status', 'enabled', 'attributes', 'state', 'created_at', 'updated_at'] as const;
/** Every column of a user. */
const USER_COLUMNS = [...PROFILE_COLUMNS, 'credentials_enc'] as const;
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
/**
 * The user an alias names, as `users where id = (the alias's user_id)`: the alias key is the
 * table's primary key (one row at most). SQLite runs this form in a few µs and the equivalent
 * inner join in ~20 µs at 100,000 users, even when no alias matches (bench/README.md, third pass).
 */
const aliasUserId = (db: Db, poolId: string, kind: string, value: string) => db.selectFrom('user_aliases').select('user_aliases.user_id')
  .where('user_aliases.pool_id', '=', poolId).where('user_aliases.kind', '=', kind).where('user_aliases.value', '=', value);
const byAlias = new Precompiled<UserDb>(3, (db, poolId, kind, value) => db.selectFrom('users').selectAll()
  .where('id', '=', aliasUserId(db, poolId!, kind!, value!)));

/** A findByName row: `credentials_enc` is there unless the query leaves the credentials out. */
type ByNameDb = ProfileDb & { via: string; credentials_enc?: string | null };
const findByNameQueries = new Map<string, Precompiled<ByNameDb>>();
/**
 * A name looked up as a username, as each alias and as a sub, in one statement; compiled once per
 * shape (how many aliases, whether a sub, whether the credentials). Parameters: pool, username key,
 * then per alias its `via`, kind and value, then the sub (byNameParams).
 */
function findByNameQuery(aliases: number, sub: boolean, credentials = true): Precompiled<ByNameDb> {
  const shape = `${aliases}:${sub}:${credentials}`;
  let query = findByNameQueries.get(shape);
  if (!query) {
    const columns = credentials ? USER_COLUMNS : PROFILE_COLUMNS;
    query = new Precompiled(2 + aliases * 3 + (sub ? 1 : 0), (db, poolId, usernameKey, ...rest) => {
      let q = db.selectFrom('users').select(columns).select(sql<string>`'username'`.as('via'))
        .where('pool_id', '=', poolId!).where('username_key', '=', usernameKey!);
      for (let i = 0; i < aliases; i++) {
        const [via, kind, value] = rest.slice(i * 3, i * 3 + 3) as [string, string, string];
        q = q.unionAll(db.selectFrom('users').select(columns).select(sql<string>`${via}`.as('via'))
          .where('id', '=', aliasUserId(db, poolId!, kind, value)));
      }
      if (sub) {
        q = q.unionAll(db.selectFrom('users').select(columns).select(sql<string>`'sub'`.as('via'))
          .where('id', '=', rest[aliases * 3]!).where('pool_id', '=', poolId!));
      }
      return q as unknown as Compilable<ByNameDb>;
    });
    findByNameQueries.set(shape, query);
  }
  return query;
}
const byNameParams = (poolId: string, name: UserName) =>
  [poolId, name.usernameKey, ...name.aliases.flatMap((a) => [`alias:${a.kind}`, a.kind, a.value]), ...(name.sub ? [name.sub] : [])];

// The writes of a new user (SignUp, AdminCreateUser), compiled once per shape.
const insertUserRow = new Precompiled<never>(USER_COLUMNS.length, (db, ...values) => db.insertInto('users')
  .values(Object.fromEntries(USER_COLUMNS.map((c, i) => [c, values[i]])) as unknown as UserDb));
const insertAlias = new Precompiled<never>(4, (db, poolId, kind, value, userId) => db.insertInto('user_aliases')
  .values({ pool_id: poolId!, kind: kind!, value: value!, user_id: userId! }));
/** user_search rows, by how many (one statement for all of a user's). */
const insertSearchQueries = new Map<number, Precompiled<never>>();
function insertSearch(rows: number): Precompiled<never> {
  let query = insertSearchQueries.get(rows);
  if (!query) {
    query = new Precompiled<never>(rows * 4, (db, ...v) => db.insertInto('user_search')
      .values(Array.from({ length: rows }, (_, i) => ({ pool_id: v[i * 4]!, attr: v[i * 4 + 1]!, value: v[i * 4 + 2]!, user_id: v[i * 4 + 3]! }))));
    insertSearchQueries.set(rows, query);
  }
  return query;
}

/** The columns a listing reads (UserListing), and the username key or search value its cursor holds. */
type ListingDb = Pick<UserDb, 'id' | 'username' | 'username_key' | 'status' | 'enabled' | 'attributes' | 'created_at' | 'updated_at'>;
const LISTING = ['users.id', 'users.username', 'users.username_key', 'users.status', 'users.enabled', 'users.attributes', 'users.created_at', 'users.updated_at'] as const;
const toListing = (r: ListingDb): UserListing => ({
  id: r.id,
  username: r.username,
  status: r.status,
  enabled: Number(r.enabled) === 1,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

// ListUsers' queries, compiled once per shape. The limit is a bound value like any other.
const listFirst = new Precompiled<ListingDb>(2, (db, poolId, limit) => db.selectFrom('users').select(LISTING)
  .where('pool_id', '=', poolId!).orderBy('username_key').limit(sql<number>`${limit}`));
const listAfter = new Precompiled<ListingDb>(3, (db, poolId, after, limit) => db.selectFrom('users').select(LISTING)
  .where('pool_id', '=', poolId!).where('username_key', '>', after!).orderBy('username_key').limit(sql<number>`${limit}`));

/**
 * A search page: `equals` a value, or a prefix as the range from the value (`from`) up to its
 * upper bound (`range`, when there is one); after a cursor (value, user id) or from the start.
 * Parameters: pool, attribute, value, bound, cursor value, cursor user id, limit (those the
 * shape does not use are ignored).
 */
type SearchShape = 'equals' | 'from' | 'range';
const searchQueries = new Map<string, Precompiled<ListingDb & { search_value: string }>>();
function searchQuery(shape: SearchShape, cursor: boolean): Precompiled<ListingDb & { search_value: string }> {
  const key = `${shape}:${cursor}`;
  let query = searchQueries.get(key);
  if (!query) {
    query = new Precompiled(7, (db, poolId, attr, value, bound, afterValue, afterUser, limit) => {
      let q = db.selectFrom('user_search').innerJoin('users', 'users.id', 'user_search.user_id')
        .select(LISTING).select(['user_search.value as search_value'])
        .where('user_search.pool_id', '=', poolId!).where('user_search.attr', '=', attr!);
      if (shape === 'equals') q = q.where('user_search.value', '=', value!);
      else {
        q = q.where('user_search.value', '>=', value!);
        if (shape === 'range') q = q.where('user_search.value', '<', bound!);
      }
      if (cursor) {
        q = q.where((eb) => eb.or([
          eb('user_search.value', '>', afterValue!),
          eb.and([eb('user_search.value', '=', afterValue!), eb('user_search.user_id', '>', afterUser!)]),
        ]));
      }
      return q.orderBy('user_search.value').orderBy('user_search.user_id').limit(sql<number>`${limit}`);
    });
    searchQueries.set(key, query);
  }
  return query;
}

export function userRepo(db: Db, postgres: boolean): UserRepo {
  /**
   * The user's index rows. `fresh`: the user's row was just inserted, so none can exist yet (they
   * reference users.id), and there is nothing to delete first.
   */
  async function writeIndexes(user: Pick<UserRow, 'id' | 'poolId'>, indexes: UserIndexes, fresh = false): Promise<void> {
    if (!fresh) {
      await db.deleteFrom('user_search').where('user_id', '=', user.id).execute();
      await db.deleteFrom('user_aliases').where('user_id', '=', user.id).execute();
    }
    if (indexes.search.length > 0) {
      await insertSearch(indexes.search.length).rows(db, postgres, indexes.search.flatMap((s) => [user.poolId, s.attr, s.value, user.id]));
    }
    for (const a of indexes.aliases) {
      await uniquely(`alias:${a.kind}`, () => insertAlias.rows(db, postgres, [user.poolId, a.kind, a.value, user.id]));
    }
  }
  return {
    async insert(user, indexes) {
      const row = fromUser(user);
      await withParent('pool', () => uniquely('username', () => insertUserRow.rows(db, postgres, USER_COLUMNS.map((c) => row[c]))));
      await writeIndexes(user, indexes, true);
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
      const rows = await findByNameQuery(name.aliases.length, name.sub !== undefined && name.sub !== '').rows(db, postgres, byNameParams(poolId, name));
      // toUser reads the columns it knows: the row is not copied to drop `via`.
      return rows.map((row) => ({ via: row.via, user: toUser(row as UserDb) }));
    },
    async findProfileByName(poolId, name) {
      const rows = await findByNameQuery(name.aliases.length, name.sub !== undefined && name.sub !== '', false).rows(db, postgres, byNameParams(poolId, name));
      return rows.map((row) => ({ via: row.via, user: toProfile(row) }));
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
        const rows = cursor
          ? await listAfter.rows(db, postgres, [poolId, cursor[0], limit + 1])
          : await listFirst.rows(db, postgres, [poolId, limit + 1]);
        return pageOf(rows, limit, toListing, (r) => [r.username_key]);
      }
      const bound = search.op === 'prefix' ? prefixUpperBound(search.value) : undefined;
      const shape = search.op === 'equals' ? 'equals' : bound === undefined ? 'from' : 'range';
      const query = searchQuery(shape, cursor !== undefined);
      const [value, userId] = (cursor ?? []) as [string?, string?];
      const rows = await query.rows(db, postgres, [poolId, search.attr, search.value, bound, value, userId, limit + 1]);
      return pageOf(rows, limit, toListing, (r) => [r.search_value, r.id]);
    },
  };
}
