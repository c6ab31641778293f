/**
 * Usernames, sign-in aliases and ListUsers search values are keyed in Unicode NFC from this
 * version on, so that NFC and NFD spellings of a name are one account. Keys stored before were
 * kept as typed: this re-keys those that are not in NFC (only non-ASCII keys can differ, so the
 * scan reads those alone). A key whose NFC form another row already holds (two accounts that
 * differ only in their normalisation) is left as it was: that account stays reachable by its
 * sub and through ListUsers, and an administrator can resolve the pair.
 */
import { sql, type Kysely } from 'kysely';

interface KeyColumn {
  table: string;
  column: string;
  /** The columns that, with `column`, identify the row. */
  identity: string[];
}

const KEY_COLUMNS: KeyColumn[] = [
  { table: 'users', column: 'username_key', identity: ['id'] },
  { table: 'user_aliases', column: 'value', identity: ['pool_id', 'kind'] },
  { table: 'user_search', column: 'value', identity: ['pool_id', 'attr', 'user_id'] },
];

/** Which columns must be equal for two rows to collide on the unique key. */
const UNIQUE_SCOPE: Record<string, string[]> = {
  users: ['pool_id'],
  user_aliases: ['pool_id', 'kind'],
  user_search: ['pool_id', 'attr', 'user_id'],
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const { table, column, identity } of KEY_COLUMNS) {
    const scope = UNIQUE_SCOPE[table]!;
    const rows = await db.selectFrom(table).select([...new Set([...identity, ...scope, column])])
      .where(sql`octet_length(${sql.ref(column)})`, '<>', sql`length(${sql.ref(column)})`)
      .execute() as Record<string, string>[];
    for (const row of rows) {
      const key = row[column]!;
      const nfc = key.normalize('NFC');
      if (nfc === key) continue;
      let taken = db.selectFrom(table).select(sql<number>`1`.as('one')).where(column, '=', nfc);
      for (const c of scope) taken = taken.where(c, '=', row[c]);
      if (await taken.executeTakeFirst()) continue;
      let update = db.updateTable(table).set({ [column]: nfc }).where(column, '=', key);
      for (const c of identity) update = update.where(c, '=', row[c]);
      await update.execute();
    }
  }
}

export async function down(): Promise<void> {
  // NFC keys are valid keys for the previous version too (it compared keys as stored).
}
