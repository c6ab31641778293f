/** Opens the configured database, applies migrations, and wraps it as the `Store` port. */
import { sql, type Kysely } from 'kysely';
import type { Repos, Store } from './store.ts';
import { migrate } from './migrations/index.ts';
import { isPostgres, openMemorySqlite, openPostgres, openSqlite } from './sql/dialect.ts';
import { makeRepos } from './sql/repos.ts';
import type { Database } from './sql/schema.ts';

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** Apply pending migrations at open (the default; `alcove migrate` does it alone). */
  migrate?: boolean;
}

export function wrapStore(db: Kysely<Database>): Store {
  const postgres = isPostgres(db);
  const repos = makeRepos(db, postgres);
  return {
    ...repos,
    kind: postgres ? 'postgres' : 'sqlite',
    transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => fn(makeRepos(trx, postgres)));
    },
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const db = options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : options.dataDir === ':memory:' ? openMemorySqlite() : openSqlite(options.dataDir);
  if (options.migrate !== false) await migrate(db);
  return wrapStore(db);
}
