/**
 * The storage port of sealed secrets: one generic scan and compare-and-swap over any column that
 * `sealed/columns.ts` lists, and the KEK canaries (implemented in storage/sql/sealed.ts).
 * Types only: no SQL here; see docs/architecture.md, Storage.
 */

/**
 * Where one kind of sealed value is stored: a table, its (unique, ordered) key column, the
 * sealed column, and the row's columns that its associated data is built from. Plain names, so
 * that the one SQL implementation serves every entry of the registry.
 */
export interface SealedColumnLocation {
  table: string;
  /** The row key: unique, the scan's order. */
  key: string;
  /** `integer` when the key column is numeric (ordered as numbers). */
  keyType?: 'integer';
  /** The column holding the sealed value (rows where it is null hold none). */
  column: string;
  /** Further columns of the row that the associated data reads (the key is always read). */
  parts: readonly string[];
}

export interface SealedValue {
  /** Row key within its table (user id, client id, kid, secret name, message id), as a string. */
  key: string;
  /** The key and the `parts` columns of the row, by column name. */
  parts: Record<string, string>;
  sealed: string;
}

export interface SealedRepo {
  /** A page of sealed values of `column`, in key order after `after`. */
  scan(column: SealedColumnLocation, after: string | undefined, limit: number): Promise<SealedValue[]>;
  /** Replaces a sealed value if it is still `previous` (another writer may have changed it). */
  replace(column: SealedColumnLocation, key: string, previous: string, next: string): Promise<boolean>;
}

/** A value sealed under one key-encryption key, kept while that key seals anything in the database. */
interface KekCanaryRow {
  keyId: string;
  canaryEnc: string;
  createdAt: number;
}

export interface KekCanaryRepo {
  list(): Promise<KekCanaryRow[]>;
  /** Records the key's canary unless one is there already. */
  insertIfAbsent(row: KekCanaryRow): Promise<void>;
  delete(keyId: string): Promise<void>;
}
