/**
 * The classic hosted UI's CSS, checked as Cognito checks it: only rules for its customisable
 * classes (`.banner-customizable`, `.submitButton-customizable:hover`, ...) with properties from
 * a fixed list, and values that cannot load or run anything (no `url(`, `expression(`, `@import`,
 * escapes or markup). Comments are dropped; what is kept is re-serialised from the parsed rules,
 * so the pages embed only text this module wrote.
 */
import { errors } from '../../errors.ts';

const CLASSES: ReadonlySet<string> = new Set([
  '.background-customizable', '.banner-customizable', '.errorMessage-customizable', '.idpButton-customizable',
  '.idpButton-customizable:hover', '.idpDescription-customizable', '.inputField-customizable', '.inputField-customizable:focus',
  '.label-customizable', '.legalText-customizable', '.logo-customizable', '.passwordCheck-notValid-customizable',
  '.passwordCheck-valid-customizable', '.redirect-customizable', '.socialButton-customizable', '.submitButton-customizable',
  '.submitButton-customizable:hover', '.textDescription-customizable',
]);

const PROPERTIES: ReadonlySet<string> = new Set([
  'background', 'background-color', 'border', 'border-bottom', 'border-color', 'border-left', 'border-radius', 'border-right',
  'border-style', 'border-top', 'border-width', 'box-shadow', 'color', 'font-family', 'font-size', 'font-style', 'font-weight',
  'height', 'letter-spacing', 'line-height', 'margin', 'margin-bottom', 'margin-left', 'margin-right', 'margin-top', 'max-height',
  'max-width', 'min-height', 'min-width', 'opacity', 'padding', 'padding-bottom', 'padding-left', 'padding-right', 'padding-top',
  'text-align', 'text-decoration', 'text-transform', 'width',
]);

/** Values: words, numbers with units, colours, commas, quotes around font names; nothing that fetches or escapes. */
const VALUE = /^[\w\s#%.,()'"+-]*$/;
const FORBIDDEN_VALUE = /url\s*\(|expression\s*\(|image-set\s*\(|@|\\|<|>|javascript:/i;

const invalid = (what: string) => errors.invalidParameter(`The CSS is not valid for the hosted UI: ${what}`);

/** Parses, checks and re-serialises the CSS; an empty string stays empty. */
export function sanitizeCss(css: string): string {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  if (text.includes('/*')) throw invalid('an unterminated comment');
  const rules: string[] = [];
  const rule = /([^{}]+)\{([^{}]*)\}/y;
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (at >= text.length) break;
    rule.lastIndex = at;
    const match = rule.exec(text);
    if (!match) throw invalid(`unexpected text at offset ${at}`);
    at = rule.lastIndex;
    const selectors = match[1]!.split(',').map((s) => s.trim());
    for (const selector of selectors) if (!CLASSES.has(selector)) throw invalid(`the selector ${selector} is not customizable`);
    const declarations: string[] = [];
    for (const part of match[2]!.split(';')) {
      if (part.trim() === '') continue;
      const colon = part.indexOf(':');
      if (colon < 0) throw invalid(`the declaration ${part.trim()}`);
      const property = part.slice(0, colon).trim().toLowerCase();
      const value = part.slice(colon + 1).trim();
      if (!PROPERTIES.has(property)) throw invalid(`the property ${property} is not allowed`);
      if (value === '' || !VALUE.test(value) || FORBIDDEN_VALUE.test(value)) throw invalid(`the value of ${property}`);
      declarations.push(`${property}: ${value};`);
    }
    rules.push(`${selectors.join(', ')} { ${declarations.join(' ')} }`);
  }
  return rules.join('\n');
}
