/**
 * Smithy `@pattern`s (Java regular expressions, as AWS's Coral front end runs them) translated
 * to JavaScript: the full-match test the validator applies, and the form AWS prints in messages.
 * Separate from the validator (validate.ts), which only decides where a pattern applies.
 */
interface CompiledPattern {
  /** The pattern as AWS prints it in messages (Coral's form, without Smithy's anchors). */
  readonly display: string;
  /** Whether the whole value matches, like Coral's `Matcher.matches()`. */
  readonly test: (value: string) => boolean;
  /** The full-match JavaScript translation of the pattern. */
  readonly regex: RegExp;
  /** How `test` decides: the regex, or the linear check equivalent to it (see below). */
  readonly strategy: 'regex' | 'linear';
  /** `test` may backtrack super-linearly on long input (more than one unbounded quantifier). */
  readonly backtracks: boolean;
}

/**
 * Translates a Smithy `@pattern` into a full-match JavaScript test.
 *
 * The Smithy models were converted from Coral models whose patterns are full-match Java regexes;
 * the conversion anchored them (`P` → `^P$`) or, for `.*`-bounded ones, dropped the `.*` since
 * Smithy patterns search (`.*\{####\}.*` → `\{####\}`, `(?s).*` → `^(?s)`). Reversing that gives
 * back the pattern AWS prints (`[\w-]+_[0-9a-zA-Z]+`) and the semantics it enforces (full match).
 *
 * Java-specific syntax is translated rather than trusted to mean the same in JS: `\s`/`\S` are
 * ASCII-only in Java, `.` also excludes U+0085, inline flags become RegExp flags, and a `-` next
 * to a class escape is a literal. Constructs with no JS equivalent (possessive quantifiers, atomic
 * groups, class unions/intersections, `\h`…) throw, so a new model cannot silently validate
 * differently; the unit tests compile every pattern of both models.
 */
export function compilePattern(smithyPattern: string): CompiledPattern {
  const display = coralForm(smithyPattern);
  const { source, flags, unboundedQuantifiers } = translateJavaRegex(display);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})$`, flags);
  } catch (cause) {
    throw new Error(`pattern ${JSON.stringify(smithyPattern)} does not compile as ${source}`, { cause });
  }
  const linear = linearTemplateTest(display);
  return {
    display,
    regex,
    strategy: linear ? 'linear' : 'regex',
    test: linear ?? ((value) => regex.test(value)),
    backtracks: !linear && unboundedQuantifiers > 1,
  };
}

/**
 * A linear-time test for patterns made of one repeated class C and literals whose characters are
 * all in C: `C*L₁C*…`, `C+L₁C+…` (`[\p{L}…\s*]*\{####\}[\p{L}…\s*]*`, `.*\{####\}.*`,
 * `[\p{L}…]+@[\p{L}…]+`). Such a pattern matches exactly when the whole value is in C* and the
 * literals occur in order, without overlapping, leaving at least one character wherever the
 * class is `+`-repeated; finding the leftmost fitting occurrence of each literal decides that.
 * The backtracking regex is cubic on these (80 s for a 20 000-character `{####}{####}…` e-mail
 * template), this is linear. `undefined` when the pattern is not of that form.
 */
function linearTemplateTest(java: string): ((value: string) => boolean) | undefined {
  const atoms: string[] = [];
  /** Per gap (before, between and after the literals): whether at least one character is needed. */
  const gapNeedsChar: boolean[] = [];
  const literals: string[] = [];
  let literal: string | undefined;
  let i = 0;
  while (i < java.length) {
    const c = java[i]!;
    const atomEnd = c === '.' ? i : c === '[' ? classEnd(java, i) : -1;
    if (atomEnd >= 0) {
      const quantifier = java[atomEnd + 1];
      if (quantifier !== '*' && quantifier !== '+') return undefined;
      if (literal === undefined && atoms.length > 0) return undefined; // two repeats in a row
      if (literal !== undefined) literals.push(literal);
      literal = undefined;
      atoms.push(java.slice(i, atomEnd + 1));
      gapNeedsChar.push(quantifier === '+');
      i = atomEnd + 2;
      continue;
    }
    let char: string;
    if (c === '\\') {
      const escaped = java[i + 1];
      if (escaped === undefined || /[a-zA-Z0-9]/.test(escaped)) return undefined;
      char = escaped;
      i += 2;
    } else if ('()*+?{}|^$]'.includes(c)) {
      return undefined;
    } else {
      char = String.fromCodePoint(java.codePointAt(i)!);
      i += char.length;
    }
    if (atoms.length === 0) return undefined; // must start with the repeated class
    literal = (literal ?? '') + char;
  }
  const [atom] = atoms;
  if (literal !== undefined || literals.length === 0 || atom === undefined) return undefined; // must end with it
  if (atoms.some((a) => a !== atom)) return undefined;
  const { source, flags } = translateJavaRegex(atom);
  const member = new RegExp(`^(?:${source})$`, flags);
  if (![...literals.join('')].every((ch) => member.test(ch))) return undefined;
  const whole = new RegExp(`^(?:${source})*$`, flags);
  // Gaps are measured in UTF-16 units: a class character is one code point, at least one unit.
  return (value) => {
    if (!whole.test(value)) return false;
    let from = 0;
    for (const [k, text] of literals.entries()) {
      const at = value.indexOf(text, from + (gapNeedsChar[k] ? 1 : 0));
      if (at < 0) return false;
      from = at + text.length;
    }
    return !gapNeedsChar[literals.length] || from < value.length;
  };
}

/** Index of the `]` closing the class opened at `java[start]`, or -1 (nested classes included). */
function classEnd(java: string, start: number): number {
  for (let i = start + 1; i < java.length; i++) {
    if (java[i] === '\\') i++;
    else if (java[i] === '[') return -1;
    else if (java[i] === ']' && i > start + 1) return i;
  }
  return -1;
}

function coralForm(pattern: string): string {
  let p = pattern;
  p = p.startsWith('^') ? p.slice(1) : `.*${p}`;
  const trailingBackslashes = /\\*(?=\$$)/.exec(p)?.[0].length ?? 0;
  p = p.endsWith('$') && trailingBackslashes % 2 === 0 ? p.slice(0, -1) : `${p}.*`;
  return p;
}

const JAVA_WHITESPACE = '\\t\\n\\x0B\\f\\r ';
const JS_SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/');
const CATEGORIES = new Set(
  'L Lu Ll Lt Lm Lo LC M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Co Cs Cn'.split(
    ' ',
  ),
);

interface Translation {
  source: string;
  flags: string;
  unboundedQuantifiers: number;
}

function translateJavaRegex(java: string): Translation {
  let flags = 'u';
  let dotAll = false;
  let p = java;
  // Leading inline flags, e.g. `(?s)`: JS has no mid-pattern modifiers in Node 20. DOTALL is
  // applied by spelling `.` out below.
  const inline = /^\(\?([a-zA-Z]+)\)/.exec(p);
  if (inline) {
    for (const flag of inline[1]!) {
      if (flag === 's') dotAll = true;
      else if (flag === 'i' || flag === 'm') flags += flag;
      else throw new Error(`unsupported inline flag (?${flag}) in ${java}`);
    }
    p = p.slice(inline[0].length);
  }

  let out = '';
  let unboundedQuantifiers = 0;
  let afterQuantifier = false;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`unsupported Java regex construct ${what} in ${java}`);
  };

  while (i < p.length) {
    const c = p[i]!;
    const wasQuantifier = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const { js, length } = translateEscape(p, i, false, fail);
      out += js;
      i += length;
    } else if (c === '[') {
      const { js, length } = translateClass(p, i, fail);
      out += js;
      i += length;
    } else if (c === '(') {
      if (p.startsWith('(?>', i)) fail('(?>…) atomic group');
      if (/^\(\?[a-zA-Z-]+[:)]/.test(p.slice(i))) fail('inline flag group');
      out += c;
      i++;
    } else if (c === '.') {
      out += dotAll ? '[^]' : '[^\\n\\r\\u0085\\u2028\\u2029]';
      i++;
    } else if (c === '$') {
      // Java's `$` (no MULTILINE) also matches before a final line terminator.
      out += '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?(?![^]))';
      i++;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (wasQuantifier) {
        if (c === '+') fail('possessive quantifier');
        if (c === '?') {
          out += c; // lazy
          i++;
          continue;
        }
      }
      if (c === '{') {
        const quantifier = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (!quantifier) fail('unescaped {');
        if (quantifier![2] !== undefined && quantifier![3] === '') unboundedQuantifiers++;
        out += quantifier![0];
        i += quantifier![0].length;
      } else {
        if (c !== '?') unboundedQuantifiers++;
        out += c;
        i++;
      }
      afterQuantifier = true;
    } else {
      // Java reads a stray `]` or `}` as a literal; JS `u` mode wants it escaped.
      out += c === ']' || c === '}' ? `\\${c}` : c;
      i++;
    }
  }
  return { source: out, flags, unboundedQuantifiers };
}

interface Piece {
  js: string;
  length: number;
}

/** One escape sequence at `p[i] === '\\'`. Inside a class, `\s` expands to its members. */
interface Escape extends Piece {
  /** A class escape (`\w`, `\p{L}`…) rather than one character: it cannot bound a range. */
  set?: boolean;
  /** `\S` inside a class, which the class translation has to spell out itself. */
  nonWhitespace?: boolean;
}

function translateEscape(p: string, i: number, inClass: boolean, fail: (what: string) => never): Escape {
  const e = p[i + 1];
  if (e === undefined) return fail('trailing backslash');
  switch (e) {
    case 's':
      return { js: inClass ? JAVA_WHITESPACE : `[${JAVA_WHITESPACE}]`, length: 2, set: true };
    case 'S':
      return inClass
        ? { js: '', length: 2, set: true, nonWhitespace: true }
        : { js: `[^${JAVA_WHITESPACE}]`, length: 2, set: true };
    case 'w':
    case 'W':
    case 'd':
    case 'D':
      return { js: `\\${e}`, length: 2, set: true }; // ASCII in both Java and JS (without `i`)
    case 'p':
    case 'P': {
      const braced = /^\{(?:Is)?(\w+)\}/.exec(p.slice(i + 2));
      const name = braced ? braced[1]! : p[i + 2]!;
      if (!CATEGORIES.has(name)) fail(`\\${e}{${name}}`);
      return { js: `\\${e}{${name}}`, length: braced ? 2 + braced[0].length : 3, set: true };
    }
    case 't':
    case 'n':
    case 'r':
    case 'f':
      return { js: `\\${e}`, length: 2 };
    case 'e':
      return { js: '\\x1B', length: 2 };
    case 'a':
      return { js: '\\x07', length: 2 };
    case 'x': {
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(p.slice(i + 2));
      if (braced) return { js: `\\u{${braced[1]}}`, length: 2 + braced[0].length };
      const hex = /^[0-9a-fA-F]{2}/.exec(p.slice(i + 2));
      if (!hex) fail('\\x escape');
      return { js: `\\x${hex![0]}`, length: 4 };
    }
    case 'u': {
      const hex = /^[0-9a-fA-F]{4}/.exec(p.slice(i + 2));
      if (!hex) fail('\\u escape');
      return { js: `\\u${hex![0]}`, length: 6 };
    }
    case '0': {
      const octal = /^[0-3]?[0-7]{1,2}/.exec(p.slice(i + 2));
      if (!octal) fail('\\0 escape');
      return { js: `\\u{${parseInt(octal![0], 8).toString(16)}}`, length: 2 + octal![0].length };
    }
    default:
      if (/[a-zA-Z0-9]/.test(e)) {
        if (!inClass && /[1-9]/.test(e)) return { js: `\\${e}`, length: 2 }; // back-reference
        return fail(`\\${e}`);
      }
      // An escaped punctuation character is that character; JS's `u` mode only accepts escaping
      // its own syntax characters (and `-` in a class).
      if (JS_SYNTAX_CHARACTERS.has(e) || (inClass && e === '-')) return { js: `\\${e}`, length: 2 };
      const codePoint = p.codePointAt(i + 1)!;
      return { js: `\\u{${codePoint.toString(16)}}`, length: 1 + String.fromCodePoint(codePoint).length };
  }
}

/** A character class starting at `p[i] === '['`. */
function translateClass(p: string, i: number, fail: (what: string) => never): Piece {
  let j = i + 1;
  const negated = p[j] === '^';
  if (negated) j++;
  if (p[j] === ']') fail('class starting with ]');
  // Atoms: single characters (may form ranges), sets (\w, \p{L}…), and dashes.
  const atoms: { kind: 'char' | 'set' | 'dash'; js: string }[] = [];
  let nonWhitespace = false;
  while (j < p.length && p[j] !== ']') {
    const c = p[j]!;
    if (c === '\\') {
      const escape = translateEscape(p, j, true, fail);
      if (escape.nonWhitespace) nonWhitespace = true;
      else atoms.push({ kind: escape.set ? 'set' : 'char', js: escape.js });
      j += escape.length;
    } else if (c === '[') {
      fail('nested class (union)');
    } else if (c === '&' && p[j + 1] === '&') {
      fail('class intersection');
    } else if (c === '-') {
      atoms.push({ kind: 'dash', js: '-' });
      j++;
    } else {
      const char = String.fromCodePoint(p.codePointAt(j)!);
      atoms.push({ kind: 'char', js: char === '^' ? '\\^' : char });
      j += char.length;
    }
  }
  if (p[j] !== ']') fail('unterminated class');
  // Left to right, a dash is a range only between two single characters (Java reads `[\w-]` and
  // `[0-9-_]` with a literal dash); JS `u` mode rejects a dash next to a set, so escape the rest.
  let body = '';
  for (let k = 0; k < atoms.length; k++) {
    const atom = atoms[k]!;
    if (atom.kind === 'char' && atoms[k + 1]?.kind === 'dash' && atoms[k + 2]?.kind === 'char') {
      body += `${atom.js}-${atoms[k + 2]!.js}`;
      k += 2;
    } else {
      body += atom.kind === 'dash' ? '\\-' : atom.js;
    }
  }
  const length = j + 1 - i;
  if (!nonWhitespace) return { js: `[${negated ? '^' : ''}${body}]`, length };
  // `\S` inside a class: Java's is ASCII-based, so spell it as its own negated class.
  if (negated) fail('\\S in a negated class');
  const nonSpace = `[^${JAVA_WHITESPACE}]`;
  return { js: body === '' ? nonSpace : `(?:[${body}]|${nonSpace})`, length };
}
