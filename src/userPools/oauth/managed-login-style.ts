/**
 * A managed login style (ManagedLoginVersion 2 branding) as what the pages apply: CSS for its
 * light and dark values (the colour scheme its `categories.global.colorSchemeMode` names: LIGHT,
 * DARK, or DYNAMIC, the browser's `prefers-color-scheme`), the page header and footer when
 * enabled, the page, form, header and footer backgrounds, the form logo and its position, the
 * favicons, and the factor graphics where a page offers a choice of factor.
 *
 * Values are checked, never passed through: colours are hex (`RRGGBB` or `RRGGBBAA`, Cognito's
 * form), radii numbers of pixels up to 64, enumerations one of their values; anything else is
 * left at the pages' own. Images are never inlined: each is a URL of the asset route
 * (ASSET_PATH, served by the hosted-ui surface with its checked Content-Type), so the CSS this
 * module writes holds only text it wrote.
 */
import type { StoredAsset } from '../branding/store.ts';

type Json = Record<string, unknown>;
type Mode = 'lightMode' | 'darkMode';
type ColorMode = 'LIGHT' | 'DARK';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path` in `doc`, if every step is an object. */
function at(doc: unknown, path: string[]): unknown {
  let v = doc;
  for (const key of path) {
    if (!isObject(v)) return undefined;
    v = v[key];
  }
  return v;
}

export const isHexColor = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(v);

function color(doc: unknown, path: string[]): string | undefined {
  const v = at(doc, path);
  return isHexColor(v) ? `#${v.toLowerCase()}` : undefined;
}

function radius(doc: unknown, path: string[]): string | undefined {
  const v = at(doc, path);
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 64 ? `${Math.round(v * 100) / 100}px` : undefined;
}

function oneOf<T extends string>(doc: unknown, path: string[], values: readonly T[]): T | undefined {
  const v = at(doc, path);
  return values.find((x) => x === v);
}

const enabled = (doc: unknown, path: string[]): boolean => at(doc, path) === true;

/** Where the pages' images are served: `/managed-login/assets/<pool>/<style>/<category>/<mode>.<ext>`. */
export const ASSET_PATH = '/managed-login/assets';

export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  PNG: 'image/png', JPEG: 'image/jpeg', SVG: 'image/svg+xml', WEBP: 'image/webp', ICO: 'image/x-icon',
};

/** An image the page shows: `src`, and `darkSrc` for a dark colour scheme the browser prefers. */
export interface Picture { src: string; darkSrc?: string }

export interface ManagedLoginPage {
  /** The style's CSS (after the pages' own). */
  css: string;
  favicons: { href: string; type: string; media?: string }[];
  /** Present when the style enables the page header (footer): its logo, if enabled and given. */
  header?: { logo?: Picture };
  footer?: { logo?: Picture };
  /** The form logo, when enabled and given: in the form or above it, at its top or bottom. */
  formLogo?: { picture: Picture; outside: boolean; bottom: boolean };
  /** A factor's graphic by the value a choice posts (EMAIL_OTP, SMS_MFA, WEB_AUTHN, ...). */
  graphics: Record<string, Picture>;
}

/** Which choice values show which graphic category. */
const GRAPHICS: Readonly<Record<string, string>> = {
  EMAIL_OTP: 'EMAIL_GRAPHIC', SMS_OTP: 'SMS_GRAPHIC', SMS_MFA: 'SMS_GRAPHIC', SOFTWARE_TOKEN_MFA: 'AUTH_APP_GRAPHIC',
  PASSWORD: 'PASSWORD_GRAPHIC', WEB_AUTHN: 'PASSKEY_GRAPHIC',
};

export interface StyleSource {
  poolId: string;
  id: string;
  /** Changes the asset URLs when the style changes (browsers may cache an asset). */
  version: number;
  /** The style's settings merged over Cognito's defaults. */
  settings: unknown;
  assets: StoredAsset[];
}

const FLEX: Readonly<Record<string, string>> = { START: 'flex-start', CENTER: 'center', END: 'flex-end' };
const DENSITY: Readonly<Record<string, number>> = { COMPACT: 0.75, REGULAR: 1, COMFORTABLE: 1.25, SPACIOUS: 1.25 };

function declarations(list: [string, string | undefined][]): string {
  return list.filter((d): d is [string, string] => d[1] !== undefined).map(([p, v]) => `${p}:${v}`).join(';');
}

function rules(list: [string, [string, string | undefined][]][]): string {
  return list.map(([selector, d]) => {
    const text = declarations(d);
    return text === '' ? '' : `${selector}{${text}}`;
  }).join('');
}

export function managedLoginPage(style: StyleSource): ManagedLoginPage {
  const s = style.settings;
  const scheme = oneOf(s, ['categories', 'global', 'colorSchemeMode'], ['LIGHT', 'DARK', 'DYNAMIC'] as const) ?? 'LIGHT';

  /** The asset of a category for a colour mode: that mode's own, else the browser-adaptive one. */
  const assetUrl = (category: string, mode: ColorMode): string | undefined => {
    const asset = style.assets.find((a) => a.Category === category && a.ColorMode === mode && a.Bytes)
      ?? style.assets.find((a) => a.Category === category && a.ColorMode === 'DYNAMIC' && a.Bytes);
    if (!asset?.Extension || !IMAGE_TYPES[asset.Extension]) return undefined;
    return `${ASSET_PATH}/${encodeURIComponent(style.poolId)}/${style.id}/${category}/${asset.ColorMode}.${asset.Extension.toLowerCase()}?v=${style.version}`;
  };
  const base: ColorMode = scheme === 'DARK' ? 'DARK' : 'LIGHT';
  const picture = (category: string): Picture | undefined => {
    const src = assetUrl(category, base);
    const dark = scheme === 'DYNAMIC' ? assetUrl(category, 'DARK') : undefined;
    if (src) return dark && dark !== src ? { src, darkSrc: dark } : { src };
    // Only a dark image: shown when the browser prefers dark.
    return dark ? { src: dark } : undefined;
  };
  const cssUrl = (url: string | undefined) => (url ? `url("${url}")` : undefined);

  const modeCss = (m: Mode): string => {
    const assetMode: ColorMode = m === 'darkMode' ? 'DARK' : 'LIGHT';
    const c = (...path: string[]) => color(s, path);
    const comp = (...path: string[]) => c('components', ...path);
    const cls = (...path: string[]) => c('componentClasses', ...path);
    const bodyText = comp('pageText', m, 'bodyColor');
    const pageImage = enabled(s, ['components', 'pageBackground', 'image', 'enabled']) ? cssUrl(assetUrl('PAGE_BACKGROUND', assetMode)) : undefined;
    const formImage = enabled(s, ['components', 'form', 'backgroundImage', 'enabled']) ? cssUrl(assetUrl('FORM_BACKGROUND', assetMode)) : undefined;
    const headerImage = enabled(s, ['components', 'pageHeader', 'backgroundImage', 'enabled']) ? cssUrl(assetUrl('PAGE_HEADER_BACKGROUND', assetMode)) : undefined;
    const footerImage = enabled(s, ['components', 'pageFooter', 'backgroundImage', 'enabled']) ? cssUrl(assetUrl('PAGE_FOOTER_BACKGROUND', assetMode)) : undefined;
    return rules([
      [':root', [['color-scheme', m === 'darkMode' ? 'dark' : 'light']]],
      ['body', [
        ['background-color', comp('pageBackground', m, 'color')], ['color', bodyText],
        ['background-image', pageImage], ['background-size', pageImage && 'cover'], ['background-position', pageImage && 'center'],
      ]],
      ['main', [
        ['background-color', comp('form', m, 'backgroundColor')], ['border-color', comp('form', m, 'borderColor')],
        ['background-image', formImage], ['background-size', formImage && 'cover'], ['background-position', formImage && 'center'],
      ]],
      ['h1', [['color', comp('pageText', m, 'headingColor')]]],
      ['.hint', [['color', comp('pageText', m, 'descriptionColor')]]],
      ['label,legend', [['color', cls('inputLabel', m, 'textColor')]]],
      ['input', [
        ['color', bodyText],
        ['background-color', cls('input', m, 'defaults', 'backgroundColor')], ['border-color', cls('input', m, 'defaults', 'borderColor')],
      ]],
      ['.choice input', [['accent-color', cls('optionControls', m, 'selected', 'backgroundColor')]]],
      ['input:focus,button:focus,a:focus', [['outline-color', cls('focusState', m, 'borderColor')]]],
      ['button', [['background-color', comp('primaryButton', m, 'defaults', 'backgroundColor')], ['color', comp('primaryButton', m, 'defaults', 'textColor')]]],
      ['button:hover', [['background-color', comp('primaryButton', m, 'hover', 'backgroundColor')], ['color', comp('primaryButton', m, 'hover', 'textColor')]]],
      ['button:active', [['background-color', comp('primaryButton', m, 'active', 'backgroundColor')], ['color', comp('primaryButton', m, 'active', 'textColor')]]],
      ['a.secondary', [
        ['background-color', comp('secondaryButton', m, 'defaults', 'backgroundColor')], ['border-color', comp('secondaryButton', m, 'defaults', 'borderColor')],
        ['color', comp('secondaryButton', m, 'defaults', 'textColor')],
      ]],
      ['a.secondary:hover', [
        ['background-color', comp('secondaryButton', m, 'hover', 'backgroundColor')], ['border-color', comp('secondaryButton', m, 'hover', 'borderColor')],
        ['color', comp('secondaryButton', m, 'hover', 'textColor')],
      ]],
      ['a.secondary:active', [
        ['background-color', comp('secondaryButton', m, 'active', 'backgroundColor')], ['border-color', comp('secondaryButton', m, 'active', 'borderColor')],
        ['color', comp('secondaryButton', m, 'active', 'textColor')],
      ]],
      ['a', [['color', cls('link', m, 'defaults', 'textColor')]]],
      ['a:hover', [['color', cls('link', m, 'hover', 'textColor')]]],
      ['.alert', [['color', bodyText], ['background-color', comp('alert', m, 'error', 'backgroundColor')], ['border-color', comp('alert', m, 'error', 'borderColor')]]],
      ['.note', [
        ['color', bodyText], ['background-color', cls('statusIndicator', m, 'success', 'backgroundColor')],
        ['border-color', cls('statusIndicator', m, 'success', 'borderColor')],
      ]],
      ['code', [['color', bodyText], ['background-color', cls('input', m, 'defaults', 'backgroundColor')], ['border-color', cls('input', m, 'defaults', 'borderColor')]]],
      ['nav', [['border-top-color', cls('divider', m, 'borderColor')]]],
      ['.page-header', [
        ['background-color', comp('pageHeader', m, 'background', 'color')], ['border-bottom-color', comp('pageHeader', m, 'borderColor')],
        ['background-image', headerImage],
      ]],
      ['.page-footer', [
        ['background-color', comp('pageFooter', m, 'background', 'color')], ['border-top-color', comp('pageFooter', m, 'borderColor')],
        ['background-image', footerImage],
      ]],
    ]);
  };

  // What does not change with the colour scheme: radii, spacing, positions.
  const density = DENSITY[oneOf(s, ['categories', 'global', 'spacingDensity'], Object.keys(DENSITY)) ?? 'REGULAR'] ?? 1;
  const logoLocation = oneOf(s, ['components', 'form', 'logo', 'location'], ['START', 'CENTER', 'END'] as const) ?? 'CENTER';
  const shared = rules([
    ['main', [['border-radius', radius(s, ['components', 'form', 'borderRadius'])], ['padding', density === 1 ? undefined : `${2 * density}rem`]]],
    ['label', [['margin-top', density === 1 ? undefined : `${density}rem`]]],
    ['button,a.secondary', [['border-radius', radius(s, ['componentClasses', 'buttons', 'borderRadius'])]]],
    ['input,code', [['border-radius', radius(s, ['componentClasses', 'input', 'borderRadius'])]]],
    ['.alert,.note', [['border-radius', radius(s, ['components', 'alert', 'borderRadius'])]]],
    ['.page-header', [['justify-content', FLEX[oneOf(s, ['components', 'pageHeader', 'logo', 'location'], ['START', 'CENTER', 'END'] as const) ?? 'START']]]],
    ['.page-footer', [['justify-content', FLEX[oneOf(s, ['components', 'pageFooter', 'logo', 'location'], ['START', 'CENTER', 'END'] as const) ?? 'CENTER']]]],
    ['.logo', [
      ['margin-left', logoLocation === 'START' ? '0' : undefined],
      ['margin-right', logoLocation === 'END' ? '0' : undefined],
    ]],
  ]);

  const css = shared + (scheme === 'DYNAMIC'
    ? `${modeCss('lightMode')}@media (prefers-color-scheme: dark){${modeCss('darkMode')}}`
    : modeCss(scheme === 'DARK' ? 'darkMode' : 'lightMode'));

  const favicons: ManagedLoginPage['favicons'] = [];
  const faviconTypes = at(s, ['components', 'favicon', 'enabledTypes']);
  for (const [type, category, contentType] of [['ICO', 'FAVICON_ICO', IMAGE_TYPES.ICO!], ['SVG', 'FAVICON_SVG', IMAGE_TYPES.SVG!]] as const) {
    if (!Array.isArray(faviconTypes) || !faviconTypes.includes(type)) continue;
    const p = picture(category);
    if (!p) continue;
    if (p.darkSrc) {
      favicons.push({ href: p.src, type: contentType, media: '(prefers-color-scheme: light)' });
      favicons.push({ href: p.darkSrc, type: contentType, media: '(prefers-color-scheme: dark)' });
    } else favicons.push({ href: p.src, type: contentType });
  }

  const page: ManagedLoginPage = { css, favicons, graphics: {} };
  if (enabled(s, ['categories', 'global', 'pageHeader', 'enabled'])) {
    const logo = enabled(s, ['components', 'pageHeader', 'logo', 'enabled']) ? picture('PAGE_HEADER_LOGO') : undefined;
    page.header = logo ? { logo } : {};
  }
  if (enabled(s, ['categories', 'global', 'pageFooter', 'enabled'])) {
    const logo = enabled(s, ['components', 'pageFooter', 'logo', 'enabled']) ? picture('PAGE_FOOTER_LOGO') : undefined;
    page.footer = logo ? { logo } : {};
  }
  const formLogo = enabled(s, ['components', 'form', 'logo', 'enabled']) ? picture('FORM_LOGO') : undefined;
  if (formLogo) {
    page.formLogo = {
      picture: formLogo,
      outside: at(s, ['components', 'form', 'logo', 'formInclusion']) === 'OUT',
      bottom: at(s, ['components', 'form', 'logo', 'position']) === 'BOTTOM',
    };
  }
  if (at(s, ['categories', 'form', 'displayGraphics']) !== false) {
    for (const [value, category] of Object.entries(GRAPHICS)) {
      const p = picture(category);
      if (p) page.graphics[value] = p;
    }
  }
  return page;
}
