/**
 * Grows a pool to hundreds of thousands or millions of users in minutes: copies of one user
 * that the server created through the API (its `users` row and its `user_search` /
 * `user_aliases` index rows, so the rows have exactly the shape the server writes), each with a
 * fresh sub and a random username, inserted in large batches straight into the database.
 *
 * The copies cannot sign in (the sealed SRP verifier is bound to the original user's id and
 * username); they fill the tables and indexes that every lookup goes through. The bench signs in
 * as users it created through the API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import pg from 'pg';

type Row = Record<string, unknown>;

/** The per-user tables a created user has rows in, with the column naming the user. */
const USER_TABLES = [
  { table: 'users', key: 'id' },
  { table: 'user_search', key: 'user_id' },
  { table: 'user_aliases', key: 'user_id' },
] as const;

export interface TemplateUser {
  poolId: string;
  id: string;
  /** Lower-case `u` + 16 hex digits, as `randomUsername()` makes: copies get names of the same shape. */
  username: string;
}

export interface BulkLoader {
  /** Adds `count` copies of the template user to its pool (and to the pool's user count). */
  cloneUser(template: TemplateUser, count: number): Promise<void>;
  /** Bytes the database occupies (live pages; the WAL's content included for SQLite). */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

function replaceAll(value: unknown, swaps: [string, string][]): unknown {
  if (typeof value !== 'string') return value;
  let out = value;
  for (const [from, to] of swaps) out = out.split(from).join(to);
  return out;
}

/** The template's rows, and a maker of copies for a new id and username. */
function copier(template: TemplateUser, rows: Map<string, Row[]>) {
  if ((rows.get('users') ?? []).length !== 1) throw new Error(`template user ${template.id} not found`);
  return () => {
    const swaps: [string, string][] = [[template.id, randomUUID()], [template.username, `u${randomBytes(8).toString('hex')}`]];
    const out = new Map<string, Row[]>();
    for (const [table, list] of rows) {
      out.set(table, list.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, replaceAll(v, swaps)]))));
    }
    return out;
  };
}

export function sqliteBulkLoader(file: string): BulkLoader {
  const db = new Sqlite(file);
  db.pragma('busy_timeout = 10000');
  // Random keys land all over the indexes: a page cache that holds them saves a read per row.
  db.pragma('cache_size = -262144');
  return {
    async cloneUser(template, count) {
      const rows = new Map<string, Row[]>();
      for (const { table, key } of USER_TABLES) rows.set(table, db.prepare(`select * from ${table} where ${key} = ?`).all(template.id) as Row[]);
      const copy = copier(template, rows);
      const inserts = new Map<string, Sqlite.Statement>();
      for (const [table, list] of rows) {
        const cols = Object.keys(list[0] ?? {});
        if (cols.length > 0) inserts.set(table, db.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`));
      }
      const batch = db.transaction((n: number) => {
        for (let i = 0; i < n; i++) {
          for (const [table, list] of copy()) for (const r of list) inserts.get(table)!.run(r);
        }
        db.prepare('update user_pools set user_count = user_count + ? where id = ?').run(n, template.poolId);
      });
      for (let done = 0; done < count; done += 10_000) {
        batch(Math.min(10_000, count - done));
        // Let the event loop breathe between batches (the bench's timers, child process pipes).
        await new Promise((r) => setImmediate(r));
      }
    },
    async sizeBytes() {
      const pages = Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
      return pages * Number(db.pragma('page_size', { simple: true }));
    },
    async close() {
      db.close();
    },
  };
}

/** Multi-row INSERTs of at most this many bound parameters (PostgreSQL allows 65,535). */
const MAX_PARAMS = 30_000;

export async function postgresBulkLoader(url: string): Promise<BulkLoader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  async function insertMany(table: string, rows: Row[]): Promise<void> {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0]!);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => `(${cols.map((c) => { params.push(r[c]); return `$${params.length}`; }).join(', ')})`);
      await client.query(`insert into ${table} (${cols.join(', ')}) values ${tuples.join(', ')}`, params);
    }
  }
  return {
    async cloneUser(template, count) {
      const rows = new Map<string, Row[]>();
      for (const { table, key } of USER_TABLES) rows.set(table, (await client.query(`select * from ${table} where ${key} = $1`, [template.id])).rows as Row[]);
      const copy = copier(template, rows);
      for (let done = 0; done < count; done += 2_000) {
        const n = Math.min(2_000, count - done);
        const batch = new Map<string, Row[]>(USER_TABLES.map(({ table }) => [table, []]));
        for (let i = 0; i < n; i++) for (const [table, list] of copy()) batch.get(table)!.push(...list);
        await client.query('begin');
        for (const { table } of USER_TABLES) await insertMany(table, batch.get(table)!);
        await client.query('update user_pools set user_count = user_count + $1 where id = $2', [n, template.poolId]);
        await client.query('commit');
      }
      // What autovacuum does shortly after a load this size (statistics, visibility map), done now
      // so that it does not run in the middle of the measurements.
      await client.query(`vacuum (analyze) ${USER_TABLES.map((t) => t.table).join(', ')}`);
    },
    async sizeBytes() {
      const r = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
      return Number(r.rows[0]!.size);
    },
    async close() {
      await client.end();
    },
  };
}
