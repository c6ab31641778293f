/**
 * Managed login branding styles: one per app client, holding a settings document and image
 * assets (or Cognito's defaults, UseCognitoProvidedValues). ReturnMergedResources fills what a
 * style leaves out from the defaults this server's pages use.
 */
import type { AssetType, ManagedLoginBrandingType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { ManagedLoginBrandingRow, StoredAsset } from './store.ts';

/** The settings the pages apply when a style sets nothing else (a subset of Cognito's document's shape). */
export const DEFAULT_BRANDING_SETTINGS = {
  categories: {
    global: { colorSchemeMode: 'LIGHT', pageHeader: { enabled: false }, pageFooter: { enabled: false } },
    form: { displayGraphics: true, location: { horizontal: 'CENTER', vertical: 'CENTER' } },
    auth: { authMethodOrder: [[{ display: 'BUTTON', type: 'FEDERATED' }, { display: 'INPUT', type: 'USERNAME_PASSWORD' }]] },
  },
  componentClasses: {
    buttons: { borderRadius: 8 },
    input: { borderRadius: 8 },
  },
} as const;

export const brandingNotFound = (id: string) => errors.resourceNotFound(`Managed login branding ${id} does not exist.`);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` deep-merged onto `base`: objects merge by key, anything else replaces. */
export function merged(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merged(base[k], v);
  return out;
}

export function checkContent(useDefaults: boolean | undefined, settings: unknown, assets: AssetType[] | undefined): StoredAsset[] {
  if (useDefaults && (settings !== undefined || assets !== undefined)) {
    throw errors.invalidParameter('Settings and Assets must be omitted when UseCognitoProvidedValues is true.');
  }
  if (settings !== undefined && !isObject(settings)) throw errors.invalidParameter('Settings must be a JSON object.');
  const seen = new Set<string>();
  return (assets ?? []).map((a) => {
    const key = `${a.Category}/${a.ColorMode}`;
    if (seen.has(key)) throw errors.invalidParameter(`Duplicate asset for category ${a.Category} and color mode ${a.ColorMode}.`);
    seen.add(key);
    // Blobs arrive base64-encoded in the JSON body; they are kept so.
    const bytes = a.Bytes as unknown as string | undefined;
    return { Category: a.Category, ColorMode: a.ColorMode, Extension: a.Extension, ...(bytes ? { Bytes: bytes } : {}), ...(a.ResourceId ? { ResourceId: a.ResourceId } : {}) };
  });
}

export function describeBranding(row: ManagedLoginBrandingRow, mergeDefaults = false): ManagedLoginBrandingType {
  const settings = mergeDefaults || row.useCognitoProvidedValues ? merged(DEFAULT_BRANDING_SETTINGS, row.settings) : row.settings;
  return {
    ManagedLoginBrandingId: row.id,
    UserPoolId: row.poolId,
    UseCognitoProvidedValues: row.useCognitoProvidedValues,
    ...(settings !== undefined ? { Settings: settings as ManagedLoginBrandingType['Settings'] } : {}),
    // Blob members go out base64-encoded, as the JSON protocol writes them.
    Assets: row.assets as unknown as AssetType[],
    CreationDate: new Date(row.createdAt),
    LastModifiedDate: new Date(row.updatedAt),
  };
}
