/**
 * The claims of Cognito's ID and access tokens, in Cognito's order.
 */
import { randomUUID } from 'node:crypto';
import type { GroupRow } from '../groups/store.ts';
import type { UserRow } from '../users/store.ts';

export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** The groups claims: names by precedence (unset precedence last), roles, the preferred role. */
interface GroupClaims {
  'cognito:groups'?: string[];
  'cognito:roles'?: string[];
  'cognito:preferred_role'?: string;
}

export function groupClaims(groups: GroupRow[]): GroupClaims {
  if (groups.length === 0) return {};
  const rank = (g: GroupRow) => g.precedence ?? Number.POSITIVE_INFINITY;
  const ordered = [...groups].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: GroupClaims = { 'cognito:groups': ordered.map((g) => g.name) };
  const withRoles = ordered.filter((g) => g.roleArn);
  if (withRoles.length > 0) {
    out['cognito:roles'] = [...new Set(withRoles.map((g) => g.roleArn!))];
    // Cognito names a preferred role only when one group with a role ranks strictly first.
    const [first, second] = withRoles;
    if (!second || rank(second) > rank(first!) || second.roleArn === first!.roleArn) out['cognito:preferred_role'] = first!.roleArn!;
  }
  return out;
}

/**
 * The user's attributes as ID-token claims, limited to what the client may read (all of them
 * when the client lists none). Types follow Cognito: verification flags are booleans,
 * `updated_at` a number, `address` an object, `identities` parsed JSON; custom ones strings.
 * Developer-only (`dev:`) attributes are never exposed to clients.
 */
function attributeClaims(attributes: Record<string, string>, readAttributes: readonly string[] | undefined): Record<string, unknown> {
  const readable = readAttributes && readAttributes.length > 0 ? new Set(readAttributes) : undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'sub' || name.startsWith('dev:') || (readable && !readable.has(name))) continue;
    out[name] = attributeClaim(name, value);
  }
  return out;
}

function attributeClaim(name: string, value: string): unknown {
  switch (name) {
    case 'email_verified':
    case 'phone_number_verified':
      return value === 'true';
    case 'updated_at': {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'address':
      return { formatted: value };
    case 'identities':
      try { return JSON.parse(value) as unknown; } catch { return value; }
    default:
      return value;
  }
}

interface IssueContext {
  iss: string;
  clientId: string;
  user: Pick<UserRow, 'id' | 'username' | 'attributes'>;
  groups: GroupClaims;
  readAttributes: readonly string[] | undefined;
  /** Epoch seconds. */
  authTime: number;
  iat: number;
  idExp: number;
  accessExp: number;
  /** The refresh-token family; only carried in the tokens when the client revokes tokens. */
  originJti: string | undefined;
  eventId: string;
  deviceKey: string | undefined;
  /** Issue time in ms, embedded in the jtis (see `jtiFor`). */
  nowMs: number;
  /** Tokens of the OAuth endpoints: the granted scopes, the resource (`aud`), the ID token's nonce and at_hash. */
  oauth?: OAuthClaims | undefined;
}

export interface OAuthClaims {
  scope: string;
  audience?: string | undefined;
  nonce?: string | undefined;
  /** The ID token's at_hash, computed from the access token signed with it. */
  atHash?: string | undefined;
}

export function idTokenClaims(c: IssueContext): Record<string, unknown> {
  return {
    ...(c.oauth?.atHash ? { at_hash: c.oauth.atHash } : {}),
    sub: c.user.id,
    ...(c.groups['cognito:groups'] ? { 'cognito:groups': c.groups['cognito:groups'] } : {}),
    ...attributeClaims(c.user.attributes, c.readAttributes),
    iss: c.iss,
    ...(c.groups['cognito:preferred_role'] ? { 'cognito:preferred_role': c.groups['cognito:preferred_role'] } : {}),
    ...(c.groups['cognito:roles'] ? { 'cognito:roles': c.groups['cognito:roles'] } : {}),
    'cognito:username': c.user.username,
    ...(c.originJti ? { origin_jti: c.originJti } : {}),
    aud: c.clientId,
    event_id: c.eventId,
    token_use: 'id',
    auth_time: c.authTime,
    exp: c.idExp,
    iat: c.iat,
    ...(c.oauth?.nonce !== undefined ? { nonce: c.oauth.nonce } : {}),
    jti: jtiFor(c.nowMs),
  };
}

export function accessTokenClaims(c: IssueContext): Record<string, unknown> {
  return {
    sub: c.user.id,
    ...(c.deviceKey ? { device_key: c.deviceKey } : {}),
    ...(c.groups['cognito:groups'] ? { 'cognito:groups': c.groups['cognito:groups'] } : {}),
    iss: c.iss,
    client_id: c.clientId,
    ...(c.originJti ? { origin_jti: c.originJti } : {}),
    event_id: c.eventId,
    token_use: 'access',
    scope: c.oauth?.scope ?? ADMIN_SCOPE,
    auth_time: c.authTime,
    exp: c.accessExp,
    iat: c.iat,
    jti: jtiFor(c.nowMs),
    username: c.user.username,
    ...(c.oauth?.audience ? { aud: c.oauth.audience } : {}),
  };
}

/**
 * A jti is a UUID (version 7) whose first 48 bits are the issue time in milliseconds. That
 * is what GlobalSignOut's watermark compares against: `iat` has only one-second resolution,
 * which would either spare tokens issued just before the sign-out or reject a sign-in made
 * in the same second after it.
 */
function jtiFor(ms: number): string {
  // A random UUID (Node fills its random bytes for 128 UUIDs at once, where randomBytes(16) asks
  // OpenSSL per call) with its first 48 bits replaced by the time and its version by 7: the 74
  // random bits after the version and the variant are kept.
  const random = randomUUID();
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/** When a token was issued, in ms: from its jti when we minted it, else the end of its `iat` second. */
export function issuedAtMs(jti: unknown, iat: number): number {
  if (typeof jti === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-7/.test(jti)) {
    return Number.parseInt(jti.slice(0, 8) + jti.slice(9, 13), 16);
  }
  return iat * 1000 + 999;
}
