/**
 * Finding a user the way Cognito resolves a `Username` parameter: the username itself, then a
 * sign-in alias (email / phone_number / preferred_username, per the pool's configuration), then
 * the `sub`. Also how a user's attributes are indexed for ListUsers and alias sign-in.
 */
import { errors } from '../../../errors.ts';
import type { Repos } from '../../../storage/store.ts';
import type { UserIndexes, UserProfile, UserRow } from '../store.ts';
import type { PoolView } from '../../pools/pool-config.ts';
import { normalizeForSearch, SEARCHABLE_ATTRIBUTES } from './list-filter.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value under which an alias is unique: in NFC; emails and preferred usernames fold case. */
function aliasKey(kind: string, value: string): string {
  return (kind === 'phone_number' ? value : value.toLowerCase()).normalize('NFC');
}

/** Which of the user's attributes act as sign-in names in this pool. */
export function signInAliases(pool: PoolView, attributes: Record<string, string>): { kind: string; value: string }[] {
  const out: { kind: string; value: string }[] = [];
  for (const kind of pool.usernameAttributes) {
    // With UsernameAttributes the email/phone IS the sign-in name: unique whether verified or not.
    const value = attributes[kind];
    if (value) out.push({ kind, value: aliasKey(kind, value) });
  }
  for (const kind of pool.aliasAttributes) {
    const value = attributes[kind];
    if (!value) continue;
    // Email and phone become aliases once verified; preferred_username at once.
    if (kind === 'preferred_username' || attributes[`${kind}_verified`] === 'true') out.push({ kind, value: aliasKey(kind, value) });
  }
  return out;
}

/** ListUsers matches usernames the way the rest of the pool does. */
export const searchOptions = (pool: PoolView) => ({ usernameCaseSensitive: pool.caseSensitive });

/**
 * The most UTF-8 bytes an indexed value (search or alias) may take. The key columns hold 2,048
 * characters, and PostgreSQL refuses a B-tree entry much above 2.7 kB; lower-casing and NFC can
 * lengthen a value (U+0130 becomes two code points), so the limit is checked on the indexed form.
 */
const MAX_INDEXED_BYTES = 2048;

function checkIndexable(attr: string, value: string): void {
  if (Buffer.byteLength(value, 'utf8') > MAX_INDEXED_BYTES) {
    throw errors.invalidParameter(
      `Attributes did not conform to the schema: ${attr}: String must be no longer than ${MAX_INDEXED_BYTES} bytes of UTF-8 once lower-cased for search`,
    );
  }
}

/** The search and alias index rows of a user; InvalidParameterException when a value cannot be indexed. */
export function userIndexes(pool: PoolView, user: Pick<UserRow, 'username' | 'status' | 'enabled' | 'attributes'>): UserIndexes {
  const search: { attr: string; value: string }[] = [];
  for (const attr of SEARCHABLE_ATTRIBUTES) {
    const raw = attr === 'username' ? user.username
      : attr === 'cognito:user_status' ? user.status
      : attr === 'status' ? (user.enabled ? 'Enabled' : 'Disabled')
      : user.attributes[attr];
    if (raw === undefined || raw === '') continue;
    const value = normalizeForSearch(attr, raw, searchOptions(pool));
    checkIndexable(attr, value);
    search.push({ attr, value });
  }
  const aliases = signInAliases(pool, user.attributes);
  for (const alias of aliases) checkIndexable(alias.kind, alias.value);
  return { search, aliases };
}

/** The repository's question for a Username parameter, and the order its answers are preferred in. */
function nameOf(pool: PoolView, username: string) {
  const kinds = [...pool.usernameAttributes, ...pool.aliasAttributes];
  const name = {
    usernameKey: pool.usernameKey(username),
    aliases: kinds.map((kind) => ({ kind, value: aliasKey(kind, username) })),
    sub: UUID.test(username) ? username.toLowerCase() : undefined,
  };
  return { name, preference: ['username', ...kinds.map((k) => `alias:${k}`), 'sub'] };
}

function preferred<U>(preference: string[], matches: { via: string; user: U }[]): U | undefined {
  for (const via of preference) {
    const match = matches.find((m) => m.via === via);
    if (match) return match.user;
  }
  return undefined;
}

/**
 * Resolves a Username parameter to a user, or undefined: the username itself first, then the
 * sign-in aliases in the pool's order, then the sub. One query asks all of them at once, so an
 * unknown name costs what a known one does.
 */
export async function findUser(repos: Repos, pool: PoolView, username: string): Promise<UserRow | undefined> {
  const { name, preference } = nameOf(pool, username);
  return preferred(preference, await repos.users.findByName(pool.id, name));
}

export async function requireUser(repos: Repos, pool: PoolView, username: string): Promise<UserRow> {
  const user = await findUser(repos, pool, username);
  if (!user) throw errors.userNotFound('User does not exist.');
  return user;
}

/** As requireUser, the user read without its sealed credentials (for a call that only shows it). */
export async function requireUserProfile(repos: Repos, pool: PoolView, username: string): Promise<UserProfile> {
  const { name, preference } = nameOf(pool, username);
  const user = preferred(preference, await repos.users.findProfileByName(pool.id, name));
  if (!user) throw errors.userNotFound('User does not exist.');
  return user;
}
