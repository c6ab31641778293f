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
  /** Encrypted client secret, when the client has one (the first of its two secret slots). */
  secretEnc: string | null;
  createdAt: number;
  updatedAt: number;
  /** When the first slot's secret was made; null or absent: with the client (createdAt). */
  secretCreatedAt?: number | null;
  /** The second slot (AddUserPoolClientSecret): Cognito allows two active secrets per client. */
  secret2Enc?: string | null;
  secret2CreatedAt?: number | null;
}

/** A client's secret slot: 1 is `secret_enc` (the secret made with the client), 2 `secret2_enc`. */
export type SecretSlot = 1 | 2;

export interface ClientRepo {
  insert(client: ClientRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<ClientRow | undefined>;
  /** `get`, possibly up to CONFIG_CACHE_MS stale; inside a transaction always fresh. Do not mutate the row. */
  getCached(id: string): Promise<ClientRow | undefined>;
  /** Writes the name and configuration (the secret is never changed here; rotate-kek re-seals it). */
  update(client: ClientRow): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Fills an empty secret slot, only while the other slot holds a secret (so a client never has
   * more than two, and a public client gets none): one conditional UPDATE. False when it did not.
   */
  fillSecretSlot(id: string, slot: SecretSlot, sealed: string, createdAt: number): Promise<boolean>;
  /**
   * Empties a slot whose secret was made at `createdAt`, only while the other slot holds a secret
   * (the last secret stays): one conditional UPDATE. False when it did not.
   */
  clearSecretSlot(id: string, slot: SecretSlot, createdAt: number): Promise<boolean>;
  list(poolId: string, page: PageRequest): Promise<Page<ClientRow>>;
}
