/**
 * Helpers every repository shares: the connection-or-transaction type, page cursors, unique
 * violations, row locks and prefix ranges.
 */
import type { Compilable, CompiledQuery, Kysely, Transaction } from 'kysely';
import { MissingParent, UniqueViolation, type Page, type RowLock } from '../store.ts';
import { directSqliteOf } from './dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database> | Transaction<Database>;

/** Page cursors are the sort key of the last row, sealed as base64url JSON. */
const encodeCursor = (key: unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');
export function decodeCursor(cursor: string | undefined): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
  } catch { /* fall through */ }
  throw new InvalidCursor();
}

/** A pagination token that this server did not issue. */
class InvalidCursor extends Error {
  constructor() { super('invalid pagination token'); this.name = 'InvalidCursor'; }
}

export function pageOf<R, T>(rows: R[], limit: number, map: (r: R) => T, key: (r: R) => string[]): Page<T> {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows);
  const last = items.at(-1);
  return { items: items.map(map), ...(more && last ? { next: encodeCursor(key(last)) } : {}) };
}

/** The database's codes for a unique index's refusal and a foreign key's, on both databases. */
const UNIQUE_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const FOREIGN_KEY_CODES = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

/** `write`, with a constraint's refusal whose code is in `codes` rethrown as `as()`. */
async function refusedAs<T>(codes: Set<string>, as: () => Error, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const code = (e as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && codes.has(code)) throw as();
    throw e;
  }
}

/** `write`, with a foreign key's refusal (its parent row is gone) as MissingParent(parent). */
export const withParent = <T>(parent: string, write: () => Promise<T>): Promise<T> =>
  refusedAs(FOREIGN_KEY_CODES, () => new MissingParent(parent), write);

/** `write`, with a unique index's refusal as UniqueViolation(index). */
export const uniquely = <T>(index: string, write: () => Promise<T>): Promise<T> =>
  refusedAs(UNIQUE_CODES, () => new UniqueViolation(index), write);

export const json = (v: unknown): string => JSON.stringify(v);

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
export function locked<Q extends { forUpdate(): Q; forShare(): Q }>(q: Q, postgres: boolean, lock: RowLock | undefined): Q {
  if (!postgres || !lock) return q;
  return lock === 'update' ? q.forUpdate() : q.forShare();
}

/**
 * A hot query built and compiled by Kysely once per database kind, then run with each call's
 * parameters: building and compiling a query costs more than SQLite's own lookup by key (~10 %
 * of a token call in the profiles). `build` receives placeholders in place of the parameters and
 * must use each exactly as a bound value (never to choose the query's shape); the compiled
 * text then goes through the same driver as any other query (SQLite's statement cache,
 * PostgreSQL's named prepared statements); on SQLite it runs directly on the connection when
 * the caller may use it (dialect.ts, `DirectSqlite`).
 */
export class Precompiled<Row> {
  readonly #compiled: Array<{ query: CompiledQuery<Row>; positions: number[] } | undefined> = [];

  constructor(private readonly arity: number, private readonly build: (db: Db, ...params: string[]) => Compilable<Row>) {}

  async rows(db: Db, postgres: boolean, params: readonly unknown[]): Promise<Row[]> {
    const template = this.#compiled[postgres ? 1 : 0] ?? this.#compile(db, postgres);
    const parameters = template.positions.map((i) => params[i]);
    if (!postgres) {
      // SQLite: run at once when the connection is ours to use (dialect.ts, DirectSqlite).
      const path = directSqliteOf(db);
      const rows = path?.direct.run(template.query.sql, parameters, path.inTransaction);
      if (rows) return rows as Row[];
    }
    return (await db.executeQuery<Row>({ ...template.query, parameters })).rows;
  }

  async first(db: Db, postgres: boolean, params: readonly unknown[]): Promise<Row | undefined> {
    return (await this.rows(db, postgres, params))[0];
  }

  #compile(db: Db, postgres: boolean): { query: CompiledQuery<Row>; positions: number[] } {
    const marks = Array.from({ length: this.arity }, (_, i) => `\u0000precompiled parameter ${i}\u0000`);
    const query = this.build(db, ...marks).compile();
    const positions = query.parameters.map((p) => {
      const i = marks.indexOf(p as string);
      if (i < 0) throw new Error('a precompiled query has a parameter that is not a placeholder');
      return i;
    });
    const template = { query, positions };
    this.#compiled[postgres ? 1 : 0] = template;
    return template;
  }
}
