/**
 * The storage port of app clients: the client row (its configuration typed) and its repository,
 * implemented in storage/sql/clients.ts. Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';
import type { ClientConfig } from './client-config.ts';

export interface ClientRow {
  id: string;
  poolId: string;
  name: string;
  /** The client's configuration as the API describes it, minus ids, name, secret and dates. */
  config: ClientConfig;
  /** Encrypted client secret, when the client has one. */
  secretEnc: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ClientRepo {
  insert(client: ClientRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<ClientRow | undefined>;
  /** `get`, possibly up to CONFIG_CACHE_MS stale; inside a transaction always fresh. Do not mutate the row. */
  getCached(id: string): Promise<ClientRow | undefined>;
  /** Writes the name and configuration (the secret is never changed here; rotate-kek re-seals it). */
  update(client: ClientRow): Promise<void>;
  delete(id: string): Promise<void>;
  list(poolId: string, page: PageRequest): Promise<Page<ClientRow>>;
}
