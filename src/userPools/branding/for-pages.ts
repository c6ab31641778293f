/**
 * What the managed login pages apply for an app client: the classic customisation (the client's
 * own, else the pool's) and the client's managed login style, if any.
 */
import type { Services } from '../context.ts';
import { DEFAULT_BRANDING_SETTINGS, merged } from './managed-login.ts';
import { logoContentType } from './logo.ts';
import { ALL_CLIENTS, type StoredAsset } from './store.ts';

export interface PageBranding {
  /** Classic hosted UI (ManagedLoginVersion 1): sanitised CSS of the customisable classes, and the logo. */
  classic: { css: string | undefined; logo: { contentType: string; bytes: Buffer } | undefined };
  /** Managed login (version 2): the style (its id, and its last change as `version`), its settings merged over the defaults, its assets. */
  managedLogin: { id: string; version: number; settings: unknown; assets: StoredAsset[] } | undefined;
}

export async function brandingFor(services: Services, poolId: string, clientId: string): Promise<PageBranding> {
  const { store } = services;
  const [own, pool, style] = await Promise.all([
    store.uiCustomizations.get(poolId, clientId),
    store.uiCustomizations.get(poolId, ALL_CLIENTS),
    store.managedLoginBrandings.forClient(poolId, clientId),
  ]);
  const custom = own ?? pool;
  const logo = custom?.imageFile ? Buffer.from(custom.imageFile, 'base64') : undefined;
  return {
    classic: { css: custom?.css ?? undefined, logo: logo ? { contentType: logoContentType(logo), bytes: logo } : undefined },
    managedLogin: style
      ? {
        id: style.id, version: style.updatedAt, assets: style.assets,
        settings: merged(DEFAULT_BRANDING_SETTINGS, style.useCognitoProvidedValues ? undefined : style.settings),
      }
      : undefined,
  };
}
