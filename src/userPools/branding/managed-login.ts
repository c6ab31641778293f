/**
 * Managed login branding styles: one per app client, holding a settings document and image
 * assets (or Cognito's defaults, UseCognitoProvidedValues). ReturnMergedResources fills what a
 * style leaves out from the defaults this server's pages use.
 */
import type { AssetType, ManagedLoginBrandingType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { bytesMatchExtension, extensionAllowed, MAX_ASSET_BYTES } from './assets.ts';
import type { ManagedLoginBrandingRow, StoredAsset } from './store.ts';

/**
 * Cognito's default style: what a style with UseCognitoProvidedValues has, and what
 * ReturnMergedResources fills in (the values of the settings document AWS documents for
 * DescribeManagedLoginBrandingByClient; the header and footer are off, as in a new style).
 */
const mode = <L, D>(lightMode: L, darkMode: D) => ({ lightMode, darkMode });
const states = (d: Record<string, string>, h: Record<string, string>, a: Record<string, string>) => ({ defaults: d, hover: h, active: a });
export const DEFAULT_BRANDING_SETTINGS = {
  categories: {
    auth: {
      authMethodOrder: [[{ display: 'BUTTON', type: 'FEDERATED' }, { display: 'INPUT', type: 'USERNAME_PASSWORD' }]],
      federation: { interfaceStyle: 'BUTTON_LIST', order: [] },
    },
    form: {
      displayGraphics: true, instructions: { enabled: false }, languageSelector: { enabled: false },
      location: { horizontal: 'CENTER', vertical: 'CENTER' }, sessionTimerDisplay: 'NONE',
    },
    global: { colorSchemeMode: 'LIGHT', pageFooter: { enabled: false }, pageHeader: { enabled: false }, spacingDensity: 'REGULAR' },
    signUp: { acceptanceElements: [{ enforcement: 'NONE', textKey: 'en' }] },
  },
  componentClasses: {
    buttons: { borderRadius: 8 },
    divider: mode({ borderColor: 'ebebf0ff' }, { borderColor: '232b37ff' }),
    dropDown: {
      borderRadius: 8,
      ...mode(
        {
          defaults: { itemBackgroundColor: 'ffffffff' },
          hover: { itemBackgroundColor: 'f4f4f4ff', itemBorderColor: '7d8998ff', itemTextColor: '000716ff' },
          match: { itemBackgroundColor: '414d5cff', itemTextColor: '0972d3ff' },
        },
        {
          defaults: { itemBackgroundColor: '192534ff' },
          hover: { itemBackgroundColor: '081120ff', itemBorderColor: '5f6b7aff', itemTextColor: 'e9ebedff' },
          match: { itemBackgroundColor: 'd1d5dbff', itemTextColor: '89bdeeff' },
        },
      ),
    },
    focusState: mode({ borderColor: '0972d3ff' }, { borderColor: '539fe5ff' }),
    idpButtons: { icons: { enabled: true } },
    input: {
      borderRadius: 8,
      ...mode(
        { defaults: { backgroundColor: 'ffffffff', borderColor: '7d8998ff' }, placeholderColor: '5f6b7aff' },
        { defaults: { backgroundColor: '0f1b2aff', borderColor: '5f6b7aff' }, placeholderColor: '8d99a8ff' },
      ),
    },
    inputDescription: mode({ textColor: '5f6b7aff' }, { textColor: '8d99a8ff' }),
    inputLabel: mode({ textColor: '000716ff' }, { textColor: 'd1d5dbff' }),
    link: mode({ defaults: { textColor: '0972d3ff' }, hover: { textColor: '033160ff' } }, { defaults: { textColor: '539fe5ff' }, hover: { textColor: '89bdeeff' } }),
    optionControls: mode(
      { defaults: { backgroundColor: 'ffffffff', borderColor: '7d8998ff' }, selected: { backgroundColor: '0972d3ff', foregroundColor: 'ffffffff' } },
      { defaults: { backgroundColor: '0f1b2aff', borderColor: '7d8998ff' }, selected: { backgroundColor: '539fe5ff', foregroundColor: '000716ff' } },
    ),
    statusIndicator: mode(
      {
        error: { backgroundColor: 'fff7f7ff', borderColor: 'd91515ff', indicatorColor: 'd91515ff' },
        pending: { indicatorColor: 'AAAAAAAA' },
        success: { backgroundColor: 'f2fcf3ff', borderColor: '037f0cff', indicatorColor: '037f0cff' },
        warning: { backgroundColor: 'fffce9ff', borderColor: '8d6605ff', indicatorColor: '8d6605ff' },
      },
      {
        error: { backgroundColor: '1a0000ff', borderColor: 'eb6f6fff', indicatorColor: 'eb6f6fff' },
        pending: { indicatorColor: 'AAAAAAAA' },
        success: { backgroundColor: '001a02ff', borderColor: '29ad32ff', indicatorColor: '29ad32ff' },
        warning: { backgroundColor: '1d1906ff', borderColor: 'e0ca57ff', indicatorColor: 'e0ca57ff' },
      },
    ),
  },
  components: {
    alert: { borderRadius: 12, ...mode({ error: { backgroundColor: 'fff7f7ff', borderColor: 'd91515ff' } }, { error: { backgroundColor: '1a0000ff', borderColor: 'eb6f6fff' } }) },
    favicon: { enabledTypes: ['ICO', 'SVG'] },
    form: {
      backgroundImage: { enabled: false },
      borderRadius: 8,
      ...mode({ backgroundColor: 'ffffffff', borderColor: 'c6c6cdff' }, { backgroundColor: '0f1b2aff', borderColor: '424650ff' }),
      logo: { enabled: false, formInclusion: 'IN', location: 'CENTER', position: 'TOP' },
    },
    idpButton: {
      custom: {},
      standard: mode(
        states(
          { backgroundColor: 'ffffffff', borderColor: '424650ff', textColor: '424650ff' },
          { backgroundColor: 'f2f8fdff', borderColor: '033160ff', textColor: '033160ff' },
          { backgroundColor: 'd3e7f9ff', borderColor: '033160ff', textColor: '033160ff' },
        ),
        states(
          { backgroundColor: '0f1b2aff', borderColor: 'c6c6cdff', textColor: 'c6c6cdff' },
          { backgroundColor: '192534ff', borderColor: '89bdeeff', textColor: '89bdeeff' },
          { backgroundColor: '354150ff', borderColor: '89bdeeff', textColor: '89bdeeff' },
        ),
      ),
    },
    pageBackground: { image: { enabled: true }, ...mode({ color: 'ffffffff' }, { color: '0f1b2aff' }) },
    pageFooter: {
      backgroundImage: { enabled: false },
      ...mode({ background: { color: 'fafafaff' }, borderColor: 'd5dbdbff' }, { background: { color: '0f141aff' }, borderColor: '424650ff' }),
      logo: { enabled: true, location: 'CENTER' },
    },
    pageHeader: {
      backgroundImage: { enabled: false },
      ...mode({ background: { color: 'fafafaff' }, borderColor: 'd5dbdbff' }, { background: { color: '0f141aff' }, borderColor: '424650ff' }),
      logo: { enabled: false, location: 'START' },
    },
    pageText: mode(
      { bodyColor: '414d5cff', descriptionColor: '414d5cff', headingColor: '000716ff' },
      { bodyColor: 'b6bec9ff', descriptionColor: 'b6bec9ff', headingColor: 'd1d5dbff' },
    ),
    phoneNumberSelector: { displayType: 'TEXT' },
    primaryButton: mode(
      {
        ...states({ backgroundColor: '0972d3ff', textColor: 'ffffffff' }, { backgroundColor: '033160ff', textColor: 'ffffffff' }, { backgroundColor: '033160ff', textColor: 'ffffffff' }),
        disabled: { backgroundColor: 'ffffffff', borderColor: 'ffffffff' },
      },
      {
        ...states({ backgroundColor: '539fe5ff', textColor: '000716ff' }, { backgroundColor: '89bdeeff', textColor: '000716ff' }, { backgroundColor: '539fe5ff', textColor: '000716ff' }),
        disabled: { backgroundColor: 'ffffffff', borderColor: 'ffffffff' },
      },
    ),
    secondaryButton: mode(
      states(
        { backgroundColor: 'ffffffff', borderColor: '0972d3ff', textColor: '0972d3ff' },
        { backgroundColor: 'f2f8fdff', borderColor: '033160ff', textColor: '033160ff' },
        { backgroundColor: 'd3e7f9ff', borderColor: '033160ff', textColor: '033160ff' },
      ),
      states(
        { backgroundColor: '0f1b2aff', borderColor: '539fe5ff', textColor: '539fe5ff' },
        { backgroundColor: '192534ff', borderColor: '89bdeeff', textColor: '89bdeeff' },
        { backgroundColor: '354150ff', borderColor: '89bdeeff', textColor: '89bdeeff' },
      ),
    ),
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

/** Every colour of a settings document (a member named `color` or ending in `Color`) that is not hex, by its path. */
function badColors(doc: unknown, path: string[] = []): string[] {
  if (Array.isArray(doc)) return doc.flatMap((v, i) => badColors(v, [...path, String(i)]));
  if (!isObject(doc)) return [];
  return Object.entries(doc).flatMap(([k, v]) =>
    /(^c|C)olor$/.test(k) && !(typeof v === 'string' && /^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(v)) ? [[...path, k].join('.')] : badColors(v, [...path, k]));
}

const COLOR_SCHEME_MODES: readonly unknown[] = ['LIGHT', 'DARK', 'DYNAMIC'];

/**
 * The request's Settings and Assets, checked: UseCognitoProvidedValues excludes both; colours
 * are hex and the colour scheme one of Cognito's; each asset has Bytes or a ResourceId, an
 * extension its category takes, bytes that are that kind of image, and at most one asset per
 * category and colour mode, a browser-adaptive (DYNAMIC) one standing alone.
 */
export function checkContent(useDefaults: boolean | undefined, settings: unknown, assets: AssetType[] | undefined): StoredAsset[] {
  if (useDefaults && (settings !== undefined || assets !== undefined)) {
    throw errors.invalidParameter('Settings and Assets must be omitted when UseCognitoProvidedValues is true.');
  }
  if (settings !== undefined && !isObject(settings)) throw errors.invalidParameter('Settings must be a JSON object.');
  if (settings !== undefined) {
    const mode = (settings as { categories?: { global?: { colorSchemeMode?: unknown } } }).categories?.global?.colorSchemeMode;
    if (mode !== undefined && !COLOR_SCHEME_MODES.includes(mode)) {
      throw errors.invalidParameter('Settings categories.global.colorSchemeMode must be one of LIGHT, DARK, DYNAMIC.');
    }
    const bad = badColors(settings);
    if (bad.length > 0) throw errors.invalidParameter(`Settings ${bad[0]} must be a hex color (RRGGBB or RRGGBBAA).`);
  }
  const seen = new Set<string>();
  return (assets ?? []).map((a) => {
    const key = `${a.Category}/${a.ColorMode}`;
    if (seen.has(key)) throw errors.invalidParameter(`Duplicate asset for category ${a.Category} and color mode ${a.ColorMode}.`);
    seen.add(key);
    // Blobs arrive base64-encoded in the JSON body; they are kept so.
    const bytes = a.Bytes as unknown as string | undefined;
    if (!bytes && !a.ResourceId) throw errors.invalidParameter(`The asset for category ${a.Category} must have Bytes or a ResourceId.`);
    if (!extensionAllowed(a.Category, a.Extension)) {
      throw errors.invalidParameter(`Extension ${a.Extension} is not valid for asset category ${a.Category}.`);
    }
    if (bytes) {
      const decoded = Buffer.from(bytes, 'base64');
      if (decoded.length > MAX_ASSET_BYTES) throw errors.invalidParameter(`The asset for category ${a.Category} is larger than ${MAX_ASSET_BYTES} bytes.`);
      if (!bytesMatchExtension(a.Extension, decoded)) {
        throw errors.invalidParameter(`The asset for category ${a.Category} is not a valid ${a.Extension} image.`);
      }
    }
    return { Category: a.Category, ColorMode: a.ColorMode, Extension: a.Extension, ...(bytes ? { Bytes: bytes } : {}), ...(a.ResourceId ? { ResourceId: a.ResourceId } : {}) };
  }).map((a, _i, all) => {
    if (a.ColorMode === 'DYNAMIC' && all.some((b) => b.Category === a.Category && b.ColorMode !== 'DYNAMIC')) {
      throw errors.invalidParameter(`The asset category ${a.Category} has a DYNAMIC asset and a LIGHT or DARK one; use either.`);
    }
    return a;
  });
}

export function describeBranding(row: ManagedLoginBrandingRow, mergeDefaults = false): ManagedLoginBrandingType {
  // ReturnMergedResources: the defaults with the style's values over them; else only what the style set.
  const settings = mergeDefaults ? merged(DEFAULT_BRANDING_SETTINGS, row.useCognitoProvidedValues ? undefined : row.settings) : row.settings;
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
