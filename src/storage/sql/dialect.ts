/**
 * The two databases Alcove runs on, behind one Kysely instance: SQLite (embedded default,
 * WAL, one file under the data directory) and PostgreSQL (several stateless nodes).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Expression } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint) columns hold epoch milliseconds and counts: well inside 2^53, so numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A text column that is compared byte-wise. Indexes on it serve equality, ordering and
 * prefix ranges (`>= p AND < p || U+FFFF`) identically on both databases; PostgreSQL's
 * default locale collation would order differently and break prefix ranges.
 */
export function keyText(db: Kysely<any>, length: number): Expression<unknown> {
  return isPostgres(db) ? sql.raw(`varchar(${length}) collate "C"`) : sql.raw(`varchar(${length})`);
}

/**
 * Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing
 * was ~14% of a refresh's CPU. The queries are a small fixed set (parameters are bound, never
 * inlined), so a bounded cache keyed by SQL text holds them all. Kysely's SQLite driver runs one
 * query at a time on its single connection, so a statement is never used by two at once.
 */
function withStatementCache(sqlite: Sqlite.Database, limit = 1000) {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => { sqlite.close(); },
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

export function openSqlite(dataDir: string): Kysely<Database> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'alcove.sqlite');
  const sqlite = new Sqlite(file);
  // WAL gives concurrent readers and durable commits; FULL sync so an acknowledged write
  // survives a power cut, not only a process crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

export function openMemorySqlite(): Kysely<Database> {
  const sqlite = new Sqlite(':memory:');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

export function openPostgres(url: string, maxConnections = 10): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // A dropped connection (database restart) must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
