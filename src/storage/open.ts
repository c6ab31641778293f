/** Opens the configured database, applies migrations, and wraps it as the `Store` port. */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Repos, Store } from './store.ts';
import { migrate } from './migrations/index.ts';
import { checkpointerOf, connectionPoolOf, enterDirectTransaction, groupCommitOf, isPostgres, isStalePlan, openMemorySqlite, openPostgres, openSqlite } from './sql/dialect.ts';
import { ConfigCache } from './sql/config-cache.ts';
import { makeRepos } from './sql/repos.ts';
import type { Database } from './sql/schema.ts';

interface StoreOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PostgreSQL: connections this node keeps at most. */
  poolSize?: number | undefined;
  /** Apply pending migrations at open (the default; `alcove migrate` does it alone). */
  migrate?: boolean;
}

const PING_TIMEOUT_MS = 2_000;

/** Attempts of a transaction that PostgreSQL aborted for a reason that a retry resolves. */
const MAX_ATTEMPTS = 4;

/**
 * Serialization failures and deadlocks abort one of the colliding transactions whole, so running
 * the unit of work again is correct; so is a statement prepared before a migration changed its
 * table. Anything else (constraint violations, domain errors, a lost connection, where the
 * commit may or may not have landed) is the caller's to see.
 */
function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === '40001' || code === '40P01' || isStalePlan(e);
}

export function wrapStore(db: Kysely<Database>): Store {
  const postgres = isPostgres(db);
  const cache = new ConfigCache();
  const repos = makeRepos(db, postgres, cache);
  const commits = groupCommitOf(db);
  return {
    ...repos,
    kind: postgres ? 'postgres' : 'sqlite',
    async transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute((trx) => {
            enterDirectTransaction(db, trx);
            return fn(makeRepos(trx, postgres, cache, true));
          });
        } catch (e) {
          if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) throw e;
          // Jittered, so that the transactions that collided do not collide again in step.
          await sleep(Math.random() * 10 * attempt);
        }
      }
    },
    durable: commits ? () => commits.durable() : () => undefined,
    async ping() {
      // Bounded: a load balancer's probe must get an answer even while connections hang.
      const timeout = sleep(PING_TIMEOUT_MS, false, { ref: false });
      return Promise.race([sql`select 1`.execute(db).then(() => true, () => false), timeout]);
    },
    connectionPool: () => connectionPoolOf(db),
    async close() {
      // The checkpointer's connection first: the last one to close checkpoints and removes the WAL.
      await checkpointerOf(db)?.close();
      await db.destroy();
    },
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const db = options.databaseUrl
    ? openPostgres(options.databaseUrl, { poolSize: options.poolSize })
    : options.dataDir === ':memory:' ? openMemorySqlite() : openSqlite(options.dataDir);
  if (options.migrate !== false) await migrate(db);
  return wrapStore(db);
}
