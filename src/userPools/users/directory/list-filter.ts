/**
 * The `Filter` parameter of ListUsers: `AttributeName Filter-Type "AttributeValue"`, where the filter
 * type is `=` (exact) or `^=` (starts with). Whitespace around tokens is optional, the value is
 * double-quoted, and an empty or blank filter means "all users". Only a fixed set of standard
 * attributes is searchable; custom attributes are not.
 *
 * Pure: storage decides how to index; `normalizeForSearch` says how both sides are normalised so that
 * the stored index and the query agree.
 */
import { errors } from '../../../errors.ts';

export const SEARCHABLE_ATTRIBUTES = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
] as const;

type SearchableAttribute = (typeof SEARCHABLE_ATTRIBUTES)[number];

export interface ListUsersFilter {
  attribute: SearchableAttribute;
  op: 'equals' | 'prefix';
  /** The value as the caller wrote it, escapes removed, not yet normalised. */
  value: string;
}

/**
 * AWS documents `username` and `status` (`Enabled`/`Disabled`) as case-sensitive and the rest
 * (`cognito:user_status` explicitly; "all searches are case-insensitive" in the developer guide) as not.
 */
const CASE_SENSITIVE: ReadonlySet<SearchableAttribute> = new Set(['username', 'status']);

const isSearchable = (name: string): name is SearchableAttribute => (SEARCHABLE_ATTRIBUTES as readonly string[]).includes(name);

// Cognito's own wording for a filter it cannot read.
const parseError = () => errors.invalidParameter('Error while parsing filter.');

/**
 * Parses a Filter string. Returns undefined for an absent, empty or blank filter (list everything).
 * Throws InvalidParameterException for anything else that is not a well-formed filter on a searchable
 * attribute. Values are not checked against the attribute's domain: `status = "maybe"` matches nobody.
 */
export function parseListUsersFilter(filter: string | undefined): ListUsersFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  let i = skipSpace(filter, 0);

  // Attribute name: everything up to blank, operator or quote (names such as `cognito:user_status` contain ':').
  const nameStart = i;
  while (i < filter.length && !/[\s=^"]/.test(filter[i]!)) i++;
  const name = filter.slice(nameStart, i);
  if (name === '') throw parseError();
  i = skipSpace(filter, i);

  let op: ListUsersFilter['op'];
  if (filter.startsWith('^=', i)) {
    op = 'prefix';
    i += 2;
  } else if (filter[i] === '=') {
    op = 'equals';
    i += 1;
  } else {
    throw parseError();
  }
  i = skipSpace(filter, i);

  if (filter[i] !== '"') throw parseError();
  i++;
  let value = '';
  for (;;) {
    if (i >= filter.length) throw parseError(); // unterminated string
    const c = filter[i]!;
    if (c === '"') break;
    if (c === '\\' && (filter[i + 1] === '"' || filter[i + 1] === '\\')) {
      // `\"` and `\\` are escapes; any other backslash is literal, so values like `a\b` need no escaping.
      value += filter[i + 1];
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  if (skipSpace(filter, i + 1) !== filter.length) throw parseError(); // one attribute per query, nothing after

  // Only after the syntax is known good, so garbage is reported as garbage rather than as a bad name.
  if (!isSearchable(name)) throw errors.invalidParameter(`Invalid search attribute: ${name}`);
  return { attribute: name, op, value };
}

/** The canonical text of a filter; `parseListUsersFilter(formatListUsersFilter(f))` gives `f` back. */
export function formatListUsersFilter(filter: ListUsersFilter): string {
  const escaped = filter.value.replace(/[\\"]/g, (c) => `\\${c}`);
  return `${filter.attribute} ${filter.op === 'prefix' ? '^=' : '='} "${escaped}"`;
}

interface SearchOptions {
  /**
   * Pools created with `UsernameConfiguration.CaseSensitive = false` match usernames without regard
   * to case everywhere else; pass false there so ListUsers agrees. Defaults to true (AWS's documented
   * ListUsers behaviour).
   */
  usernameCaseSensitive?: boolean;
}

function isCaseSensitive(attribute: SearchableAttribute, opts: SearchOptions = {}): boolean {
  if (attribute === 'username') return opts.usernameCaseSensitive ?? true;
  return CASE_SENSITIVE.has(attribute);
}

/**
 * The form in which a value is indexed and compared. Apply it to the stored value when indexing and
 * to the filter's value when querying; a match is then `stored === query` for `equals` and
 * `stored.startsWith(query)` for `prefix`. Lower-casing is locale-independent (`toLowerCase`),
 * and the result is in Unicode NFC, so that NFC and NFD spellings match one another.
 */
export function normalizeForSearch(attribute: SearchableAttribute, value: string, opts: SearchOptions = {}): string {
  return (isCaseSensitive(attribute, opts) ? value : value.toLowerCase()).normalize('NFC');
}

/**
 * Reference matcher, for in-memory stores and tests. `stored` is the user's raw value for the
 * attribute (for `status`: `Enabled`/`Disabled`; for `cognito:user_status`: the UserStatus name);
 * a user without the attribute never matches, not even `= ""`.
 */
export function matchesListUsersFilter(filter: ListUsersFilter, stored: string | undefined, opts: SearchOptions = {}): boolean {
  if (stored === undefined) return false;
  const have = normalizeForSearch(filter.attribute, stored, opts);
  const want = normalizeForSearch(filter.attribute, filter.value, opts);
  return filter.op === 'equals' ? have === want : have.startsWith(want);
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return i;
}
