/**
 * The two databases Alcove runs on, behind one Kysely instance: SQLite (embedded default,
 * WAL, one file under the data directory) and PostgreSQL (several stateless nodes).
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteAdapter, SqliteDialect, SqliteDriver, sql, type DatabaseConnection, type DialectAdapter, type Driver, type Expression, type SqliteDialectConfig } from 'kysely';
import type Pg from 'pg';
import type { ConnectionPoolStats } from '../store.ts';
import { ensurePrivateDir, ensurePrivateFile } from '../private-files.ts';
import type { Database } from './schema.ts';
import { GroupCommit } from './group-commit.ts';
import { Checkpointer } from './checkpoints.ts';

/**
 * `pg`, loaded when a PostgreSQL store is first opened: a SQLite node never loads it (~19 ms of
 * start-up CPU). The driver is CommonJS, so it loads synchronously.
 */
let pgModule: typeof Pg | undefined;
function loadPg(): typeof Pg {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof Pg;
    // int8 (bigint) columns hold epoch milliseconds and counts: well inside 2^53, so numbers.
    pgModule.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  }
  return pgModule;
}

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A text column that is compared byte-wise. Indexes on it serve equality, ordering and
 * prefix ranges (`>= p AND < prefixUpperBound(p)`) identically on both databases; PostgreSQL's
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
function withStatementCache(sqlite: Sqlite.Database, commits?: GroupCommit, onClose?: () => void, limit = 1000) {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => { onClose?.(); commits?.close(); sqlite.close(); },
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        statement = sqlite.prepare(sqlText);
        if (cache.size >= limit) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      // Kysely runs the statement right after preparing it: count it as a commit now.
      commits?.statement(sqlText, statement.readonly, sqlite.inTransaction);
      return statement;
    },
  };
}

/**
 * SQLite's DDL is transactional, though Kysely's adapter does not claim it (a migration that
 * rebuilds a table with foreign keys off cannot run in a transaction: PRAGMA foreign_keys is
 * ignored there). Ours need no such thing: claiming it makes the migrator apply every pending
 * migration in one transaction, a new database's whole schema in one commit.
 */
class SqliteAdapterWithDdlTransactions extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
class SqliteDialectWithDdlTransactions extends SqliteDialect {
  /** The driver Kysely made from this dialect (one per Kysely instance). */
  driver: HeldSqliteDriver | undefined;

  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createAdapter(): DialectAdapter {
    return new SqliteAdapterWithDdlTransactions();
  }

  override createDriver(): Driver {
    this.driver = new HeldSqliteDriver(this.config);
    return this.driver;
  }
}

/**
 * Kysely's SQLite driver, telling whether its single connection is held: from the moment a
 * transaction (or `db.connection()`) has it until it is released.
 */
class HeldSqliteDriver extends SqliteDriver {
  held = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.held = true;
    return connection;
  }

  override async releaseConnection(): Promise<void> {
    this.held = false;
    await super.releaseConnection();
  }
}

/**
 * The direct path of the precompiled statements on SQLite (`Precompiled` in shared.ts): a
 * statement whose text is known is run at once on the connection, synchronously, without
 * Kysely's executor (its connection mutex, result transforms and their promise hops: ~2-3 µs
 * and several microtasks a statement). Kysely's single-connection serialisation is kept: from a
 * transaction of ours the caller holds the connection already (its statements run one after
 * another); outside one, the statement runs only while no one holds the connection (else it
 * queues through Kysely as before), so it can never land inside another caller's transaction
 * or a checkpointer's hold. Statements still go through the statement cache, which counts
 * commits for group commit.
 */
export class DirectSqlite {
  constructor(
    private readonly statements: { prepare(sqlText: string): Sqlite.Statement },
    private readonly dialect: SqliteDialectWithDdlTransactions,
  ) {}

  /** The rows of `sqlText` run now, or undefined when the connection is another caller's. */
  run(sqlText: string, parameters: readonly unknown[], inTransaction: boolean): unknown[] | undefined {
    if (!inTransaction && (this.dialect.driver === undefined || this.dialect.driver.held)) return undefined;
    const statement = this.statements.prepare(sqlText);
    if (statement.reader) return statement.all(parameters);
    statement.run(parameters);
    return [];
  }
}

/** The direct path of each SQLite Kysely instance, and of each of its transactions in flight. */
const directPaths = new WeakMap<object, { direct: DirectSqlite; inTransaction: boolean }>();

export function directSqliteOf(db: object): { direct: DirectSqlite; inTransaction: boolean } | undefined {
  return directPaths.get(db);
}

/** Registers a transaction of `root` (its callback holds the connection) for the direct path. */
export function enterDirectTransaction(root: Kysely<any>, trx: object): void {
  const path = directPaths.get(root);
  if (path) directPaths.set(trx, { direct: path.direct, inTransaction: true });
}

function sqliteKysely(database: ReturnType<typeof withStatementCache>): Kysely<Database> {
  const dialect = new SqliteDialectWithDdlTransactions({ database });
  const db = new Kysely<Database>({ dialect });
  directPaths.set(db, { direct: new DirectSqlite(database, dialect), inTransaction: false });
  return db;
}

/** The group commit of each file-backed SQLite Kysely instance (see group-commit.ts). */
const groupCommits = new WeakMap<Kysely<any>, GroupCommit>();

export function groupCommitOf(db: Kysely<any>): GroupCommit | undefined {
  return groupCommits.get(db);
}

/** The checkpointer of each file-backed SQLite Kysely instance (see checkpoints.ts). */
const checkpointers = new WeakMap<Kysely<any>, Checkpointer>();

export function checkpointerOf(db: Kysely<any>): Checkpointer | undefined {
  return checkpointers.get(db);
}

/** SQLite's own threshold, for the serving connection if the checkpointer's worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;

export function openSqlite(dataDir: string): Kysely<Database> {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, 'alcove.sqlite');
  ensurePrivateFile(file);
  // Left behind by an older version with the umask's mode: SQLite reuses them as they are.
  for (const companion of [`${file}-wal`, `${file}-shm`]) if (existsSync(companion)) chmodSync(companion, 0o600);
  const sqlite = new Sqlite(file);
  // WAL with NORMAL sync: a commit does not wait for the disk on the event loop; instead, each
  // answer waits for a shared fdatasync of the WAL that covers every commit before it
  // (group-commit.ts), so an acknowledged write survives a power cut, not only a process crash.
  // SQLite itself syncs the WAL before each checkpoint and the database file after it.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoints run on a worker thread (checkpoints.ts), not inside the commit that crosses
  // the threshold.
  sqlite.pragma('wal_autocheckpoint = 0');
  const commits = new GroupCommit(`${file}-wal`);
  let checkpointer: Checkpointer | undefined;
  // Closed without the store's close (which closes the checkpointer first): stop its rounds.
  const stopCheckpoints = () => checkpointer?.stop();
  const db = sqliteKysely(withStatementCache(sqlite, commits, stopCheckpoints));
  groupCommits.set(db, commits);
  const totalChanges = sqlite.prepare('select total_changes()').pluck();
  checkpointer = new Checkpointer({
    file,
    changes: () => totalChanges.get() as number,
    hold: (fn) => db.connection().execute(fn),
    fallback: () => { if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`); },
  });
  checkpointers.set(db, checkpointer);
  return db;
}

export function openMemorySqlite(): Kysely<Database> {
  const sqlite = new Sqlite(':memory:');
  sqlite.pragma('foreign_keys = ON');
  return sqliteKysely(withStatementCache(sqlite));
}

interface PostgresOptions {
  /** Connections this node keeps at most (each node has its own pool). */
  poolSize?: number | undefined;
}

/** Name of the prepared statement for `text`: stable across connections and nodes. */
const statementName = (text: string): string => `alcove_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;

/**
 * The names of the texts this node has run, so that a call does not hash its text again (a
 * SHA-256 of a few hundred bytes a query). Kysely emits a bounded set of texts; a full memo
 * starts afresh rather than grow.
 */
const statementNames = new Map<string, string>();
function memoizedStatementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = statementName(text);
    if (statementNames.size >= 2_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A pg client that runs every parameterized query as a named prepared statement: PostgreSQL
 * parses and plans each distinct SQL text once per connection instead of once per call (a
 * primary-key lookup costs the server about half the CPU). Kysely emits a bounded set of SQL
 * texts, so the statements a connection keeps stay few.
 *
 * A migration that changes a table's columns makes a statement prepared before it fail once
 * with "cached plan must not change result type"; that connection then prepares the text
 * afresh under a new name, and `store.transaction` retries the failed unit of work.
 */
const preparingClient = (pg: typeof Pg) => {
  const Query = leanQuery(pg);
  return class PreparingClient extends pg.Client {
    /** Texts whose statement went stale on this connection, with how many times. */
    readonly #renamed = new Map<string, number>();
    /** A transaction's BEGIN, held to travel with the transaction's first statement. */
    #beginHeld = false;

    constructor(config?: Pg.ClientConfig) {
      super(config);
      // A connection that dies while checked out (database restart) emits 'error'; the query in
      // flight already fails with it and the pool drops the client, so the event itself must not
      // crash the process.
      this.on('error', () => {});
    }

    override query(config: unknown, values?: unknown, callback?: unknown): any {
      if (config === 'begin' && callback === undefined && (values === undefined || (Array.isArray(values) && values.length === 0))
        && (this as unknown as { pipeline?: boolean }).pipeline === true && !this.#beginHeld) {
        // Answered at once: BEGIN is written with the next statement, on the same write, and its
        // outcome is that statement's (see #withBegin). Without it a transaction waits a round
        // trip for BEGIN's answer before its first statement can leave.
        this.#beginHeld = true;
        return Promise.resolve({ command: 'BEGIN', rowCount: null, rows: [], fields: [] });
      }
      if (this.#beginHeld) return this.#withBegin(() => this.#send(config, values, callback));
      return this.#send(config, values, callback);
    }

    /**
     * BEGIN then `next`, pipelined (the client runs in pg's pipeline mode: queries are written
     * without waiting for the previous one's answer) and corked into one write; `next`'s result
     * once both are answered, BEGIN's error first. Should BEGIN fail where `next` succeeds (the
     * connection, not the transaction, is then at fault), the unit of work fails as a whole.
     */
    #withBegin(next: () => unknown): Promise<unknown> {
      this.#beginHeld = false;
      const stream = (this as unknown as { connection: { stream: { cork?(): void; uncork?(): void } } }).connection.stream;
      stream.cork?.();
      let begin: Promise<unknown>;
      let result: unknown;
      try {
        begin = (super.query as (text: string) => Promise<unknown>)('begin');
        begin.catch(() => {});
        result = next();
      } finally {
        stream.uncork?.();
      }
      return Promise.all([begin, result]).then(([, r]) => r);
    }

    #send(config: unknown, values?: unknown, callback?: unknown): any {
      if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) {
        return (super.query as (...args: unknown[]) => unknown)(config, values, callback);
      }
      const generation = this.#renamed.get(config);
      const name = generation === undefined ? memoizedStatementName(config) : statementName(`${config}\n-- ${generation}`);
      const query = new Query(config, values, name);
      return new Promise<Pg.QueryResult>((resolve, reject) => {
        (query as unknown as QueryInternals).callback = (e: Error | null, result: Pg.QueryResult) => {
          if (!e) return resolve(result);
          if (isStalePlan(e)) this.#renamed.set(config, (generation ?? 0) + 1);
          reject(e);
        };
        super.query(query as unknown as Pg.Submittable);
      });
    }
  };
};

interface FieldDescription { name: string; dataTypeID: number; format: string }
/** What pg's Result derives from a statement's row description: the same for every execution. */
interface RowShape { fields: FieldDescription[]; parsers: unknown[]; empty: object }
/** pg's Query and Result members the lean query reads and sets (pg 8's, not in its types). */
interface QueryInternals {
  name: string;
  callback?: (e: Error | null, result: Pg.QueryResult) => void;
  _result: { fields: FieldDescription[]; _parsers: unknown[]; _prebuiltEmptyResultObject: object; command: string | null };
  _accumulateRows: boolean;
}

/**
 * pg's Query for a named statement: made from the text (pg copies a config object's every
 * property descriptor), and its row parsers taken from the statement's previous execution on
 * this node when the row description is the same (pg otherwise looks up each column's type
 * parser and builds the row template again for every result).
 */
function leanQuery(pg: typeof Pg) {
  const shapes = new Map<string, RowShape>();
  const Base = pg.Query as unknown as new (text: string, values: unknown[]) => object;
  return class LeanQuery extends Base {
    constructor(text: string, values: unknown[], name: string) {
      super(text, values);
      (this as unknown as QueryInternals).name = name;
    }

    handleRowDescription(msg: { fields: FieldDescription[] }): void {
      const self = this as unknown as QueryInternals;
      const shape = shapes.get(self.name);
      const result = self._result;
      if (shape !== undefined && result.command === null && self.callback !== undefined && sameFields(shape.fields, msg.fields)) {
        result.fields = msg.fields;
        result._parsers = shape.parsers;
        result._prebuiltEmptyResultObject = shape.empty;
        self._accumulateRows = true;
        return;
      }
      (Base.prototype as unknown as { handleRowDescription(m: unknown): void }).handleRowDescription.call(this, msg);
      if (shapes.size >= 2_000) shapes.clear();
      shapes.set(self.name, { fields: msg.fields, parsers: self._result._parsers, empty: self._result._prebuiltEmptyResultObject });
    }
  };
}

function sameFields(a: FieldDescription[], b: FieldDescription[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.dataTypeID !== y.dataTypeID || x.format !== y.format) return false;
  }
  return true;
}

export function isStalePlan(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | undefined;
  return err?.code === '0A000' && /cached plan must not change result type/.test(err.message ?? '');
}

/** Defaults for a node's share of the database: ten connections serve a node's two cores well. */
const DEFAULT_POOL_SIZE = 10;

export function openPostgres(url: string, options: PostgresOptions = {}): Kysely<Database> {
  const pg = loadPg();
  const pool = new pg.Pool({
    connectionString: url,
    Client: preparingClient(pg),
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    idleTimeoutMillis: 30_000,
    // While the database is away a request fails after this long instead of queueing forever.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
    // Queries written without waiting for the previous one's answer: Kysely still awaits each
    // statement, but a transaction's BEGIN leaves with its first statement (PreparingClient).
    pipeline: true,
    application_name: 'alcove',
  });
  // A dropped idle connection (database restart) must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool behind each Kysely instance openPostgres made (for the pool-use metrics). */
const pools = new WeakMap<Kysely<any>, Pg.Pool>();

export function connectionPoolOf(db: Kysely<any>): ConnectionPoolStats | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? DEFAULT_POOL_SIZE };
}
