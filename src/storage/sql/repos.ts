/**
 * The repositories of `storage/store.ts`, written once over Kysely. The same code runs on
 * SQLite and PostgreSQL; the few differences (row locking) are asked of `isPostgres`.
 * Every query is served by an index: none scans a pool's users.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  UniqueViolation,
  type ClientRepo, type CodeRepo, type CounterRepo, type GroupRepo, type GroupRow, type OutboxRepo,
  type OutboxMessage, type Page, type PoolRepo, type Repos, type UserIndexes, type UserRepo,
  type UserRow, type SealedColumn, type SealedRepo, type SealedValue,
} from '../store.ts';
import type { RefreshTokenRepo, RefreshTokenRow, RevocationRepo, SigningKeyRepo, SigningKeyRow } from '../store.ts';
import type { KekCanaryRepo, RowLock, ServerSecretRepo, SignInFailureRepo, UsedNonceRepo } from '../store.ts';
import type { DecoyCodeRepo, DecoyCodeRow } from '../store.ts';
import { isPostgres } from './dialect.ts';
import { quotaRepo } from './quota-repo.ts';
import { CONFIG_CACHE_MS } from '../store.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Page cursors are the sort key of the last row, sealed as base64url JSON. */
const encodeCursor = (key: unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string | undefined): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
  } catch { /* fall through */ }
  throw new InvalidCursor();
}

/** A pagination token that this server did not issue. */
export class InvalidCursor extends Error {
  constructor() { super('invalid pagination token'); this.name = 'InvalidCursor'; }
}

function pageOf<R, T>(rows: R[], limit: number, map: (r: R) => T, key: (r: R) => string[]): Page<T> {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows);
  const last = items.at(-1);
  return { items: items.map(map), ...(more && last ? { next: encodeCursor(key(last)) } : {}) };
}

function isUniqueError(e: unknown): boolean {
  const err = e as { code?: string } | undefined;
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

async function uniquely<T>(index: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isUniqueError(e)) throw new UniqueViolation(index);
    throw e;
  }
}

const json = (v: unknown): string => JSON.stringify(v);

type UserDb = Database['users'];
const toUser = (r: UserDb): UserRow => ({
  id: r.id,
  poolId: r.pool_id,
  username: r.username,
  usernameKey: r.username_key,
  status: r.status,
  enabled: Number(r.enabled) === 1,
  attributes: JSON.parse(r.attributes) as Record<string, string>,
  credentialsEnc: r.credentials_enc,
  state: JSON.parse(r.state) as Record<string, unknown>,
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

type GroupDb = Database['groups'];
const toGroup = (r: GroupDb): GroupRow => ({
  poolId: r.pool_id,
  name: r.name,
  description: r.description,
  precedence: r.precedence === null ? null : Number(r.precedence),
  roleArn: r.role_arn,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/**
 * Pool and client rows read on request paths, kept for CONFIG_CACHE_MS. One cache per store,
 * shared by its transactions' repositories so that their writes invalidate it too; reads inside
 * a transaction bypass it (`cache` undefined there).
 */
export class ConfigCache {
  readonly #entries = new Map<string, { row: unknown; until: number }>();
  constructor(private readonly maxEntries = 10_000) {}

  async read<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.row as T;
    const row = await load();
    if (row === undefined) return undefined;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { row, until: now + CONFIG_CACHE_MS });
    return row;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}

function poolRepo(db: Db, cache: ConfigCache, inTransaction: boolean, postgres: boolean): PoolRepo {
  const toPool = (r: Database['user_pools']) => ({
    id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>,
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
      cache.forget(`pool:${id}`);
      await db.updateTable('user_pools').set((eb) => ({ user_count: eb('user_count', '+', delta) })).where('id', '=', id).execute();
    },
  };
}

function clientRepo(db: Db, cache: ConfigCache, inTransaction: boolean, postgres: boolean): ClientRepo {
  const toClient = (r: Database['user_pool_clients']) => ({
    id: r.id, poolId: r.pool_id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>,
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

/**
 * The least string above every string that starts with `prefix`, in the byte order of UTF-8
 * (key columns compare that way on both databases; it is also code-point order): the prefix
 * with its last code point raised by one, skipping the surrogate range. Undefined when no such
 * bound exists (an empty prefix, or one of U+10FFFF only). A bound of `prefix + U+FFFF` would
 * miss values whose next character lies beyond U+FFFF (their UTF-8 starts with 0xF0).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = [...prefix].map((c) => c.codePointAt(0)!);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!;
    if (last < 0x10ffff) {
      codePoints.push(last + 1 === 0xd800 ? 0xe000 : last + 1);
      return String.fromCodePoint(...codePoints);
    }
  }
  return undefined;
}

/** A select with the row lock asked for; SQLite's transactions are exclusive already (see RowLock). */
function locked<Q extends { forUpdate(): Q; forShare(): Q }>(q: Q, postgres: boolean, lock: RowLock | undefined): Q {
  if (!postgres || !lock) return q;
  return lock === 'update' ? q.forUpdate() : q.forShare();
}

function userRepo(db: Db, postgres: boolean): UserRepo {
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
      const r = await locked(db.selectFrom('users').selectAll().where('id', '=', id), postgres, lock).executeTakeFirst();
      return r && toUser(r);
    },
    async lock(id, lock) {
      if (postgres) await locked(db.selectFrom('users').select('id').where('id', '=', id), postgres, lock).execute();
    },
    async getByUsername(poolId, usernameKey) {
      const r = await db.selectFrom('users').selectAll()
        .where('pool_id', '=', poolId).where('username_key', '=', usernameKey).executeTakeFirst();
      return r && toUser(r);
    },
    async getByAlias(poolId, kind, value) {
      const r = await db.selectFrom('user_aliases').innerJoin('users', 'users.id', 'user_aliases.user_id')
        .selectAll('users')
        .where('user_aliases.pool_id', '=', poolId).where('user_aliases.kind', '=', kind).where('user_aliases.value', '=', value)
        .executeTakeFirst();
      return r && toUser(r);
    },
    async findByName(poolId, name) {
      let q = db.selectFrom('users').selectAll().select(sql<string>`'username'`.as('via'))
        .where('pool_id', '=', poolId).where('username_key', '=', name.usernameKey);
      for (const alias of name.aliases) {
        q = q.unionAll(db.selectFrom('user_aliases').innerJoin('users', 'users.id', 'user_aliases.user_id')
          .selectAll('users').select(sql<string>`${`alias:${alias.kind}`}`.as('via'))
          .where('user_aliases.pool_id', '=', poolId).where('user_aliases.kind', '=', alias.kind)
          .where('user_aliases.value', '=', alias.value));
      }
      if (name.sub) {
        q = q.unionAll(db.selectFrom('users').selectAll().select(sql<string>`'sub'`.as('via'))
          .where('id', '=', name.sub).where('pool_id', '=', poolId));
      }
      return (await q.execute()).map(({ via, ...row }) => ({ via, user: toUser(row) }));
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

function groupRepo(db: Db, postgres: boolean): GroupRepo {
  return {
    async insert(g) {
      await uniquely('group', () => db.insertInto('groups').values({
        pool_id: g.poolId, name: g.name, description: g.description, precedence: g.precedence, role_arn: g.roleArn,
        created_at: g.createdAt, updated_at: g.updatedAt,
      }).execute());
    },
    async get(poolId, name, lock) {
      const r = await locked(db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).where('name', '=', name), postgres, lock)
        .executeTakeFirst();
      return r && toGroup(r);
    },
    async update(g) {
      await db.updateTable('groups')
        .set({ description: g.description, precedence: g.precedence, role_arn: g.roleArn, updated_at: g.updatedAt })
        .where('pool_id', '=', g.poolId).where('name', '=', g.name).execute();
    },
    async delete(poolId, name) {
      // The group row first: it is what a concurrent AdminAddUserToGroup locks (and then finds gone).
      await db.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).execute();
      await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', name).execute();
    },
    async list(poolId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit + 1);
      if (cursor) q = q.where('name', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toGroup, (r) => [r.name]);
    },
    async addMember(poolId, name, userId) {
      await db.insertInto('group_members').values({ pool_id: poolId, group_name: name, user_id: userId })
        .onConflict((oc) => oc.columns(['pool_id', 'group_name', 'user_id']).doNothing()).execute();
    },
    async removeMember(poolId, name, userId) {
      await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', name).where('user_id', '=', userId).execute();
    },
    async groupsOf(userId) {
      const rows = await db.selectFrom('group_members')
        .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'group_members.pool_id').onRef('groups.name', '=', 'group_members.group_name'))
        .selectAll('groups').where('group_members.user_id', '=', userId).orderBy('groups.name').execute();
      return rows.map(toGroup);
    },
    async listGroupsOf(userId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('group_members')
        .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'group_members.pool_id').onRef('groups.name', '=', 'group_members.group_name'))
        .selectAll('groups').where('group_members.user_id', '=', userId).orderBy('group_members.group_name').limit(limit + 1);
      if (cursor) q = q.where('group_members.group_name', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toGroup, (r) => [r.name]);
    },
    async listMembers(poolId, name, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('group_members').innerJoin('users', 'users.id', 'group_members.user_id')
        .selectAll('users').where('group_members.pool_id', '=', poolId).where('group_members.group_name', '=', name)
        .orderBy('group_members.user_id').limit(limit + 1);
      if (cursor) q = q.where('group_members.user_id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toUser, (r) => [r.id]);
    },
  };
}

function codeRepo(db: Db): CodeRepo {
  return {
    async put(c) {
      const row = {
        user_id: c.userId, purpose: c.purpose, pool_id: c.poolId, code_hash: c.codeHash,
        expires_at: c.expiresAt, attempts: c.attempts, created_at: c.createdAt,
      };
      await db.insertInto('codes').values(row)
        .onConflict((oc) => oc.columns(['user_id', 'purpose']).doUpdateSet({
          code_hash: row.code_hash, expires_at: row.expires_at, attempts: row.attempts, created_at: row.created_at,
        })).execute();
    },
    async get(userId, purpose) {
      const r = await db.selectFrom('codes').selectAll().where('user_id', '=', userId).where('purpose', '=', purpose).executeTakeFirst();
      return r && {
        userId: r.user_id, purpose: r.purpose, poolId: r.pool_id, codeHash: r.code_hash,
        expiresAt: Number(r.expires_at), attempts: Number(r.attempts), createdAt: Number(r.created_at),
      };
    },
    async delete(userId, purpose) {
      await db.deleteFrom('codes').where('user_id', '=', userId).where('purpose', '=', purpose).execute();
    },
    async purgeExpired(now) {
      await db.deleteFrom('codes').where('expires_at', '<=', now).execute();
    },
    async reserveAttempt(userId, purpose, codeHash, limit, now) {
      const r = await db.updateTable('codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('user_id', '=', userId).where('purpose', '=', purpose).where('code_hash', '=', codeHash)
        .where('attempts', '<', limit).where('expires_at', '>', now)
        .returning('attempts').executeTakeFirst();
      return r && Number(r.attempts);
    },
    async consume(userId, purpose, codeHash) {
      const r = await db.deleteFrom('codes')
        .where('user_id', '=', userId).where('purpose', '=', purpose).where('code_hash', '=', codeHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

function outboxRepo(db: Db, postgres: boolean): OutboxRepo {
  const toMessage = (r: Omit<Database['outbox'], 'id'> & { id: number }): OutboxMessage => ({
    id: Number(r.id), poolId: r.pool_id, channel: r.channel as OutboxMessage['channel'], destination: r.destination,
    subject: r.subject, body: r.body, purpose: r.purpose, username: r.username, createdAt: Number(r.created_at),
    attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at), lastError: r.last_error,
  });
  return {
    async add(m) {
      const r = await db.insertInto('outbox').values({
        pool_id: m.poolId, channel: m.channel, destination: m.destination, subject: m.subject, body: m.body,
        purpose: m.purpose, username: m.username, created_at: m.createdAt, attempts: 0,
        next_attempt_at: m.nextAttemptAt, claimed_until: 0, sent_at: null, last_error: null,
      }).returning('id').executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async claimDue(now, limit, leaseMs) {
      // PostgreSQL: SKIP LOCKED lets several nodes claim disjoint batches at once. SQLite has
      // one writer, so the claim inside the caller's transaction is already exclusive.
      let q = db.selectFrom('outbox').select('id')
        .where('sent_at', 'is', null).where('next_attempt_at', '<=', now).where('claimed_until', '<=', now)
        .orderBy('next_attempt_at').limit(limit);
      if (postgres) q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      const rows = await db.updateTable('outbox')
        .set((eb) => ({ claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', ids).returningAll().execute();
      return rows.map(toMessage);
    },
    async markSent(id, at) {
      await db.updateTable('outbox').set({ sent_at: at, last_error: null, claimed_until: 0 }).where('id', '=', id).execute();
    },
    async markFailed(id, error, nextAttemptAt) {
      await db.updateTable('outbox').set({ last_error: error.slice(0, 2000), next_attempt_at: nextAttemptAt, claimed_until: 0 })
        .where('id', '=', id).execute();
    },
    async purgeFinished(before, never) {
      await db.deleteFrom('outbox').where('sent_at', '<=', before).execute();
      await db.deleteFrom('outbox').where('sent_at', 'is', null).where('next_attempt_at', '=', never).where('created_at', '<=', before).execute();
    },
    async backlog(never) {
      // Served by outbox_due (sent_at, next_attempt_at): it reads the backlog's rows only.
      const r = await db.selectFrom('outbox')
        .select((eb) => [
          eb.fn.countAll<number>().as('pending'),
          eb.fn.sum<number>(sql`case when last_error is null then 0 else 1 end`).as('retrying'),
          eb.fn.min('created_at').as('oldest'),
        ])
        .where('sent_at', 'is', null).where('next_attempt_at', '<', never)
        .executeTakeFirstOrThrow();
      return {
        pending: Number(r.pending), retrying: Number(r.retrying ?? 0),
        oldestCreatedAt: r.oldest === null || r.oldest === undefined ? null : Number(r.oldest),
      };
    },
    async list({ poolId, destination, limit }) {
      let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit);
      if (poolId) q = q.where('pool_id', '=', poolId);
      if (destination) q = q.where('destination', '=', destination);
      return (await q.execute()).map(toMessage);
    },
  };
}

function decoyCodeRepo(db: Db): DecoyCodeRepo {
  const columns = (c: Omit<DecoyCodeRow, 'subject' | 'purpose'>) => ({
    pool_id: c.poolId, code_hash: c.codeHash, body: c.body, expires_at: c.expiresAt, created_at: c.createdAt,
  });
  return {
    async put(code) {
      const values = { ...columns(code), attempts: 0 };
      await db.insertInto('decoy_codes').values({ subject: code.subject, purpose: code.purpose, ...values })
        .onConflict((oc) => oc.columns(['subject', 'purpose']).doUpdateSet(values))
        .execute();
    },
    async guess(subject, purpose, now, issue) {
      if (!issue) {
        const r = await db.updateTable('decoy_codes').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('subject', '=', subject).where('purpose', '=', purpose).where('expires_at', '>', now)
          .returning('attempts').executeTakeFirst();
        return r ? Number(r.attempts) : undefined;
      }
      // One statement: an expired decoy is replaced by a fresh one, guessed once.
      const fresh = columns(issue);
      const live = sql<boolean>`decoy_codes.expires_at > ${now}`;
      const r = await db.insertInto('decoy_codes').values({ subject, purpose, ...fresh, attempts: 1 })
        .onConflict((oc) => oc.columns(['subject', 'purpose']).doUpdateSet({
          attempts: sql<number>`case when ${live} then decoy_codes.attempts + 1 else 1 end`,
          code_hash: sql<string>`case when ${live} then decoy_codes.code_hash else ${fresh.code_hash} end`,
          body: sql<string>`case when ${live} then decoy_codes.body else ${fresh.body} end`,
          created_at: sql<number>`case when ${live} then decoy_codes.created_at else ${fresh.created_at} end`,
          expires_at: sql<number>`case when ${live} then decoy_codes.expires_at else ${fresh.expires_at} end`,
        }))
        .returning('attempts').executeTakeFirstOrThrow();
      return Number(r.attempts);
    },
    async purgeExpired(now) {
      await db.deleteFrom('decoy_codes').where('expires_at', '<=', now).execute();
    },
  };
}

function counterRepo(db: Db): CounterRepo {
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

type SigningKeyDb = Database['signing_keys'];
const toSigningKey = (r: SigningKeyDb): SigningKeyRow => ({
  poolId: r.pool_id,
  use: r.use as SigningKeyRow['use'],
  generation: Number(r.generation),
  kid: r.kid,
  privateKeyEnc: r.private_key_enc,
  publicJwk: JSON.parse(r.public_jwk) as Record<string, string>,
  createdAt: Number(r.created_at),
  retiredAt: r.retired_at === null ? null : Number(r.retired_at),
  publishUntil: r.publish_until === null ? null : Number(r.publish_until),
});

function signingKeyRepo(db: Db): SigningKeyRepo {
  return {
    async insertIfAbsent(k) {
      const r = await db.insertInto('signing_keys').values({
        pool_id: k.poolId, use: k.use, generation: k.generation, kid: k.kid, private_key_enc: k.privateKeyEnc,
        public_jwk: json(k.publicJwk), created_at: k.createdAt, retired_at: k.retiredAt, publish_until: k.publishUntil,
      }).onConflict((oc) => oc.columns(['pool_id', 'use', 'generation']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async listPublished(poolId, now) {
      const rows = await db.selectFrom('signing_keys').selectAll().where('pool_id', '=', poolId)
        .where((eb) => eb.or([eb('publish_until', 'is', null), eb('publish_until', '>', now)]))
        .orderBy('generation', 'desc').orderBy('use').execute();
      return rows.map(toSigningKey);
    },
    async retireOlder(poolId, use, generation, retiredAt, publishUntil) {
      await db.updateTable('signing_keys').set({ retired_at: retiredAt, publish_until: publishUntil })
        .where('pool_id', '=', poolId).where('use', '=', use).where('generation', '<', generation)
        .where('retired_at', 'is', null).execute();
    },
  };
}

type RefreshTokenDb = Database['refresh_tokens'];
const toRefreshToken = (r: RefreshTokenDb): RefreshTokenRow => ({
  tokenHash: r.token_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  deviceKey: r.device_key,
  originJti: r.origin_jti,
  authTime: Number(r.auth_time),
  issuedAt: Number(r.issued_at),
  expiresAt: Number(r.expires_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  replacedBy: r.replaced_by,
  graceUntil: r.grace_until === null ? null : Number(r.grace_until),
});

function refreshTokenRepo(db: Db, postgres: boolean): RefreshTokenRepo {
  return {
    async insert(t) {
      await db.insertInto('refresh_tokens').values({
        token_hash: t.tokenHash, pool_id: t.poolId, client_id: t.clientId, user_id: t.userId, device_key: t.deviceKey,
        origin_jti: t.originJti, auth_time: t.authTime, issued_at: t.issuedAt, expires_at: t.expiresAt,
        revoked_at: t.revokedAt, replaced_by: t.replacedBy, grace_until: t.graceUntil,
      }).execute();
    },
    async get(tokenHash, lock) {
      const r = await locked(db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash), postgres, lock).executeTakeFirst();
      return r && toRefreshToken(r);
    },
    async markReplaced(tokenHash, replacedBy, graceUntil, now) {
      // The grace period runs from the first rotation: later retries inside it move
      // `replaced_by` on but never extend `grace_until`.
      const r = await db.updateTable('refresh_tokens')
        .set({ replaced_by: replacedBy, grace_until: sql<number>`coalesce(grace_until, ${graceUntil})` })
        .where('token_hash', '=', tokenHash)
        .where((eb) => eb.or([eb('grace_until', 'is', null), eb('grace_until', '>', now)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async revokeFamily(originJti, at) {
      await db.updateTable('refresh_tokens').set({ revoked_at: at })
        .where('origin_jti', '=', originJti).where('revoked_at', 'is', null).execute();
    },
    async revokeAllOfUser(userId, at) {
      await db.updateTable('refresh_tokens').set({ revoked_at: at })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    },
    async purgeExpired(now, limit) {
      // In batches, so that a sweep after a long pause holds no long lock.
      const doomed = db.selectFrom('refresh_tokens').select('token_hash').where('expires_at', '<=', now).limit(limit);
      const r = await db.deleteFrom('refresh_tokens').where('token_hash', 'in', doomed).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

function revocationRepo(db: Db): RevocationRepo {
  return {
    async put(key, revokedAt, expiresAt) {
      await db.insertInto('token_revocations').values({ key, revoked_at: revokedAt, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({
          revoked_at: sql<number>`case when token_revocations.revoked_at > ${revokedAt} then token_revocations.revoked_at else ${revokedAt} end`,
          expires_at: sql<number>`case when token_revocations.expires_at > ${expiresAt} then token_revocations.expires_at else ${expiresAt} end`,
        })).execute();
    },
    async find(keys) {
      if (keys.length === 0) return [];
      const rows = await db.selectFrom('token_revocations').select(['key', 'revoked_at']).where('key', 'in', keys).execute();
      return rows.map((r) => ({ key: r.key, revokedAt: Number(r.revoked_at) }));
    },
    async purgeExpired(now) {
      await db.deleteFrom('token_revocations').where('expires_at', '<=', now).execute();
    },
  };
}

function signInFailureRepo(db: Db): SignInFailureRepo {
  const toRow = (r: Database['sign_in_failures']) => ({
    subject: r.subject, failures: Number(r.failures), lastFailureAt: Number(r.last_failure_at), lastAttemptAt: Number(r.last_attempt_at),
  });
  return {
    async get(subject) {
      const r = await db.selectFrom('sign_in_failures').selectAll().where('subject', '=', subject).executeTakeFirst();
      return r && toRow(r);
    },
    async reserve(subject, now, quietBefore, lock, pendingMs) {
      // One statement: the lock check, the room check and the count cannot be split by a
      // concurrent attempt on any node (PostgreSQL's upsert locks the row; SQLite has one
      // writer). The lock length of n failures, min(base * 2^(n - free), max), is a shift, which
      // both databases have.
      const free = sql.lit(lock.free);
      const max = sql.lit(lock.maxMs);
      const maxShift = sql.lit(Math.ceil(Math.log2(lock.maxMs / lock.baseMs)));
      const shifted = sql<number>`(cast(${sql.lit(lock.baseMs)} as bigint) << cast(sign_in_failures.failures - ${free} as integer))`;
      const lockEnd = sql<number>`sign_in_failures.last_failure_at + case
        when sign_in_failures.failures < ${free} then 0
        when sign_in_failures.failures - ${free} >= ${maxShift} then ${max}
        when ${shifted} > ${max} then ${max}
        else ${shifted} end`;
      const quiet = sql<boolean>`sign_in_failures.last_attempt_at <= ${quietBefore}`;
      const livePending = sql<number>`case when ${quiet} or sign_in_failures.pending_until <= ${now} then 0 else sign_in_failures.pending end`;
      const room = sql<number>`case when sign_in_failures.failures >= ${free} then 1 else ${free} - sign_in_failures.failures end`;
      const r = await db.insertInto('sign_in_failures')
        .values({ subject, failures: 0, last_failure_at: 0, last_attempt_at: now, pending: 1, pending_until: now + pendingMs })
        .onConflict((oc) => oc.column('subject').doUpdateSet({
          failures: sql<number>`case when ${quiet} then 0 else sign_in_failures.failures end`,
          pending: sql<number>`${livePending} + 1`,
          pending_until: now + pendingMs,
          last_attempt_at: now,
        }).where(sql<boolean>`${quiet} or (${lockEnd} <= ${now} and ${livePending} < ${room})`))
        .returning('subject').executeTakeFirst();
      return r !== undefined;
    },
    async recordFailure(subject, now) {
      await db.insertInto('sign_in_failures')
        .values({ subject, failures: 1, last_failure_at: now, last_attempt_at: now, pending: 0, pending_until: 0 })
        .onConflict((oc) => oc.column('subject').doUpdateSet({
          failures: sql<number>`sign_in_failures.failures + 1`,
          pending: sql<number>`case when sign_in_failures.pending > 0 then sign_in_failures.pending - 1 else 0 end`,
          last_failure_at: now,
          last_attempt_at: now,
        })).execute();
    },
    async touch(subject, now) {
      await db.updateTable('sign_in_failures').set({ last_attempt_at: now })
        .where('subject', '=', subject).where('last_attempt_at', '<', now).execute();
    },
    async clear(subject) {
      await db.deleteFrom('sign_in_failures').where('subject', '=', subject).execute();
    },
    async purgeQuiet(quietBefore) {
      await db.deleteFrom('sign_in_failures').where('last_attempt_at', '<=', quietBefore).execute();
    },
  };
}

function usedNonceRepo(db: Db): UsedNonceRepo {
  return {
    async consume(nonce, expiresAt) {
      const r = await db.insertInto('auth_used_nonces').values({ nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async purgeExpired(now) {
      await db.deleteFrom('auth_used_nonces').where('expires_at', '<=', now).execute();
    },
  };
}

function serverSecretRepo(db: Db): ServerSecretRepo {
  return {
    async getOrCreate(name, candidate, now) {
      await db.insertInto('server_secrets').values({ name, secret_enc: candidate, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing()).execute();
      const r = await db.selectFrom('server_secrets').select('secret_enc').where('name', '=', name).executeTakeFirstOrThrow();
      return r.secret_enc;
    },
  };
}

function kekCanaryRepo(db: Db): KekCanaryRepo {
  return {
    async list() {
      const rows = await db.selectFrom('kek_canaries').selectAll().orderBy('key_id').execute();
      return rows.map((r) => ({ keyId: r.key_id, canaryEnc: r.canary_enc, createdAt: Number(r.created_at) }));
    },
    async insertIfAbsent(row) {
      await db.insertInto('kek_canaries').values({ key_id: row.keyId, canary_enc: row.canaryEnc, created_at: row.createdAt })
        .onConflict((oc) => oc.column('key_id').doNothing()).execute();
    },
    async delete(keyId) {
      await db.deleteFrom('kek_canaries').where('key_id', '=', keyId).execute();
    },
  };
}

function sealedRepo(db: Db): SealedRepo {
  // One description per sealed column: where it lives and how its row key reads.
  const scanners: Record<SealedColumn, (after: string | undefined, limit: number) => Promise<SealedValue[]>> = {
    async user_credentials(after, limit) {
      let q = db.selectFrom('users').select(['id', 'credentials_enc']).where('credentials_enc', 'is not', null).orderBy('id').limit(limit);
      if (after) q = q.where('id', '>', after);
      return (await q.execute()).map((r) => ({ key: r.id, parts: { userId: r.id }, sealed: r.credentials_enc! }));
    },
    async client_secret(after, limit) {
      let q = db.selectFrom('user_pool_clients').select(['id', 'secret_enc']).where('secret_enc', 'is not', null).orderBy('id').limit(limit);
      if (after) q = q.where('id', '>', after);
      return (await q.execute()).map((r) => ({ key: r.id, parts: { clientId: r.id }, sealed: r.secret_enc! }));
    },
    async signing_key(after, limit) {
      let q = db.selectFrom('signing_keys').select(['kid', 'pool_id', 'private_key_enc']).orderBy('kid').limit(limit);
      if (after) q = q.where('kid', '>', after);
      return (await q.execute()).map((r) => ({ key: r.kid, parts: { poolId: r.pool_id, kid: r.kid }, sealed: r.private_key_enc }));
    },
    async outbox_body(after, limit) {
      let q = db.selectFrom('outbox').select(['id', 'pool_id', 'destination', 'body']).orderBy('id').limit(limit);
      if (after) q = q.where('id', '>', Number(after));
      return (await q.execute()).map((r) => ({ key: String(r.id), parts: { poolId: r.pool_id, destination: r.destination }, sealed: r.body }));
    },
    async server_secret(after, limit) {
      let q = db.selectFrom('server_secrets').select(['name', 'secret_enc']).orderBy('name').limit(limit);
      if (after) q = q.where('name', '>', after);
      return (await q.execute()).map((r) => ({ key: r.name, parts: { name: r.name }, sealed: r.secret_enc }));
    },
  };
  return {
    scan: (column, after, limit) => scanners[column](after, limit),
    async replace(column, key, previous, next) {
      const result = await (() => {
        switch (column) {
          case 'user_credentials':
            return db.updateTable('users').set({ credentials_enc: next }).where('id', '=', key).where('credentials_enc', '=', previous).executeTakeFirst();
          case 'client_secret':
            return db.updateTable('user_pool_clients').set({ secret_enc: next }).where('id', '=', key).where('secret_enc', '=', previous).executeTakeFirst();
          case 'signing_key':
            return db.updateTable('signing_keys').set({ private_key_enc: next }).where('kid', '=', key).where('private_key_enc', '=', previous).executeTakeFirst();
          case 'outbox_body':
            return db.updateTable('outbox').set({ body: next }).where('id', '=', Number(key)).where('body', '=', previous).executeTakeFirst();
          case 'server_secret':
            return db.updateTable('server_secrets').set({ secret_enc: next }).where('name', '=', key).where('secret_enc', '=', previous).executeTakeFirst();
        }
      })();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export function makeRepos(
  db: Db, postgres = isPostgres(db as Kysely<Database>), cache = new ConfigCache(), inTransaction = false,
): Repos {
  return {
    sealed: sealedRepo(db),
    pools: poolRepo(db, cache, inTransaction, postgres),
    clients: clientRepo(db, cache, inTransaction, postgres),
    users: userRepo(db, postgres),
    groups: groupRepo(db, postgres),
    codes: codeRepo(db),
    outbox: outboxRepo(db, postgres),
    counters: counterRepo(db),
    decoyCodes: decoyCodeRepo(db),
    quotas: quotaRepo(db),
    signingKeys: signingKeyRepo(db),
    refreshTokens: refreshTokenRepo(db, postgres),
    revocations: revocationRepo(db),
    signInFailures: signInFailureRepo(db),
    usedNonces: usedNonceRepo(db),
    serverSecrets: serverSecretRepo(db),
    kekCanaries: kekCanaryRepo(db),
  };
}
