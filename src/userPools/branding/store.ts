/**
 * The storage port of branding (implemented in storage/sql/branding.ts): the classic hosted UI's
 * customisation (CSS and logo) per pool (`ALL`) or per app client, and managed login branding
 * styles, one per app client.
 */
import type { AssetType } from '@aws-sdk/client-cognito-identity-provider';
import type { RowLock } from '../../storage/store.ts';

/** The client id of a pool's own customisation, which applies to clients without one. */
export const ALL_CLIENTS = 'ALL';

export interface UiCustomizationRow {
  poolId: string;
  /** An app client's id, or ALL_CLIENTS. */
  clientId: string;
  css: string | null;
  /** The logo, base64. */
  imageFile: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface UiCustomizationRepo {
  /** Inserts or replaces the customisation of (pool, client), keeping its creation date. */
  put(row: UiCustomizationRow): Promise<UiCustomizationRow>;
  get(poolId: string, clientId: string): Promise<UiCustomizationRow | undefined>;
  /** Drops a deleted client's customisation (its styles and terms go with the client's row). */
  deleteForClient(poolId: string, clientId: string): Promise<void>;
}

/** An asset as stored: its bytes base64 (the JSON API's form of a blob). */
export type StoredAsset = Omit<AssetType, 'Bytes'> & { Bytes?: string };

export interface ManagedLoginBrandingRow {
  id: string;
  poolId: string;
  clientId: string;
  useCognitoProvidedValues: boolean;
  settings: unknown;
  assets: StoredAsset[];
  createdAt: number;
  updatedAt: number;
}

export interface ManagedLoginBrandingRepo {
  /** Throws UniqueViolation('managed_login_branding') when the client has a style already. */
  insert(row: ManagedLoginBrandingRow): Promise<void>;
  /** In a transaction, `lock` holds the row until it ends (UpdateManagedLoginBranding's read-merge-write). */
  get(poolId: string, id: string, lock?: RowLock): Promise<ManagedLoginBrandingRow | undefined>;
  forClient(poolId: string, clientId: string): Promise<ManagedLoginBrandingRow | undefined>;
  /** Rewrites settings, assets and the flag; false when there is no such style. */
  update(row: ManagedLoginBrandingRow): Promise<boolean>;
  delete(poolId: string, id: string): Promise<boolean>;
}
