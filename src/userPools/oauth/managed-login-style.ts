/**
 * A managed login style (ManagedLoginVersion 2 branding) as the pages' CSS: the light-mode
 * colours and corner radii of its settings document that map onto these pages (page background,
 * form, text, primary button, links, inputs), and its form logo. Values are checked, not passed
 * through: colours are hex (`RRGGBB` or `RRGGBBAA`, Cognito's form), radii whole pixels up to 64;
 * anything else is left at the pages' own.
 */
import type { StoredAsset } from '../branding/store.ts';

type Json = Record<string, unknown>;
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

function color(doc: unknown, path: string[]): string | undefined {
  const v = at(doc, path);
  return typeof v === 'string' && /^[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(v) ? `#${v.toLowerCase()}` : undefined;
}

function radius(doc: unknown, path: string[]): string | undefined {
  const v = at(doc, path);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 64 ? `${v}px` : undefined;
}

/** CSS rules (selector → declarations) from the style's settings; only the declarations it sets. */
export function managedLoginCss(settings: unknown): string {
  const rules: [string, [string, string | undefined][]][] = [
    ['body', [
      ['background', color(settings, ['components', 'pageBackground', 'lightMode', 'color'])],
      ['color', color(settings, ['components', 'pageText', 'lightMode', 'bodyColor'])],
    ]],
    ['main', [
      ['background', color(settings, ['components', 'form', 'lightMode', 'backgroundColor'])],
      ['border-color', color(settings, ['components', 'form', 'lightMode', 'borderColor'])],
      ['border-radius', radius(settings, ['components', 'form', 'borderRadius'])],
    ]],
    ['h1', [['color', color(settings, ['components', 'pageText', 'lightMode', 'headingColor'])]]],
    ['button', [
      ['background', color(settings, ['components', 'primaryButton', 'lightMode', 'defaults', 'backgroundColor'])],
      ['color', color(settings, ['components', 'primaryButton', 'lightMode', 'defaults', 'textColor'])],
      ['border-radius', radius(settings, ['componentClasses', 'buttons', 'borderRadius'])],
    ]],
    ['button:hover', [
      ['background', color(settings, ['components', 'primaryButton', 'lightMode', 'hover', 'backgroundColor'])],
      ['color', color(settings, ['components', 'primaryButton', 'lightMode', 'hover', 'textColor'])],
    ]],
    ['a', [['color', color(settings, ['componentClasses', 'link', 'lightMode', 'defaults', 'textColor'])]]],
    ['a:hover', [['color', color(settings, ['componentClasses', 'link', 'lightMode', 'hover', 'textColor'])]]],
    ['input', [
      ['background', color(settings, ['componentClasses', 'input', 'lightMode', 'defaults', 'backgroundColor'])],
      ['border-color', color(settings, ['componentClasses', 'input', 'lightMode', 'defaults', 'borderColor'])],
      ['border-radius', radius(settings, ['componentClasses', 'input', 'borderRadius'])],
    ]],
  ];
  return rules.map(([selector, declarations]) => {
    const set = declarations.filter((d): d is [string, string] => d[1] !== undefined);
    return set.length === 0 ? '' : `${selector}{${set.map(([p, v]) => `${p}:${v}`).join(';')}}`;
  }).join('');
}

const IMAGE_TYPES: Record<string, string> = { PNG: 'image/png', JPEG: 'image/jpeg', SVG: 'image/svg+xml', WEBP: 'image/webp', ICO: 'image/x-icon' };

/** The style's form logo (light or browser-adaptive mode) as a data: URL. */
export function managedLoginLogo(assets: StoredAsset[]): string | undefined {
  const logo = assets.find((a) => a.Category === 'FORM_LOGO' && a.ColorMode === 'LIGHT' && a.Bytes)
    ?? assets.find((a) => a.Category === 'FORM_LOGO' && a.ColorMode === 'DYNAMIC' && a.Bytes);
  const type = logo?.Extension ? IMAGE_TYPES[logo.Extension] : undefined;
  if (!logo?.Bytes || !type || !/^[A-Za-z0-9+/]+={0,2}$/.test(logo.Bytes)) return undefined;
  return `data:${type};base64,${logo.Bytes}`;
}
