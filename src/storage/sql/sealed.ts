/**
 * Sealed values of any column the registry (userPools/sealed/columns.ts) lists, and KEK canaries:
 * implements userPools/sealed/store.ts.
 */
import { sql } from 'kysely';
import type { KekCanaryRepo, SealedColumnLocation, SealedRepo } from '../../userPools/sealed/store.ts';
import type { Db } from './shared.ts';

export function kekCanaryRepo(db: Db): KekCanaryRepo {
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

/**
 * One scan and one compare-and-swap for every registry entry: the table and column names come
 * from the registry (code, never input), quoted as identifiers.
 */
export function sealedRepo(db: Db): SealedRepo {
  const keyValue = (column: SealedColumnLocation, key: string) => (column.keyType === 'integer' ? Number(key) : key);
  return {
    async scan(column, after, limit) {
      const table = sql.table(column.table);
      const key = sql.ref(column.key);
      const sealed = sql.ref(column.column);
      const parts = column.parts.map((p) => sql.ref(p));
      const selected = sql.join([sql`${key} as k`, sql`${sealed} as s`, ...parts]);
      const from = after === undefined ? sql`` : sql`and ${key} > ${keyValue(column, after)}`;
      const result = await sql<Record<string, unknown>>`select ${selected} from ${table}
        where ${sealed} is not null ${from} order by ${key} limit ${limit}`.execute(db);
      return result.rows.map((r) => ({
        key: String(r.k),
        parts: Object.fromEntries([[column.key, String(r.k)], ...column.parts.map((p) => [p, String(r[p])])]),
        sealed: String(r.s),
      }));
    },
    async replace(column, key, previous, next) {
      const sealed = sql.ref(column.column);
      const result = await sql`update ${sql.table(column.table)} set ${sealed} = ${next}
        where ${sql.ref(column.key)} = ${keyValue(column, key)} and ${sealed} = ${previous}`.execute(db);
      return Number(result.numAffectedRows ?? 0) === 1;
    },
  };
}
