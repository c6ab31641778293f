/**
 * Pre token generation: before tokens are signed, the pool's trigger may add, override and
 * suppress claims, override the groups and roles, and (V2_0 / V3_0) do the same in the access
 * token and add or suppress its scopes. The trigger runs before the transaction that records the
 * tokens; its answer travels with them (MintInput.overrides) to the signing step.
 *
 * Claims Cognito keeps to itself are refused (InvalidLambdaResponseException): the protocol
 * claims (`sub`, `iss`, `aud`, `exp`, `iat`, `jti`, `token_use`, ...), `cognito:*` (groups and
 * roles change only through groupOverrideDetails) and developer-only `dev:*` attributes.
 */
import type { GroupRow } from '../groups/store.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import { eventAttributes, runTrigger, triggerArn } from '../triggers/invoke.ts';
import { unrecognizable } from '../triggers/sources.ts';
import type { TriggerOrigin } from '../triggers/custom-message.ts';
import { ADMIN_SCOPE, groupClaims } from './claims.ts';

/** `TokenGeneration_<source>`: what led to the tokens. */
export type TokenSource = 'HostedAuth' | 'Authentication' | 'NewPasswordChallenge' | 'AuthenticateDevice' | 'RefreshTokens';
// M2M tokens are `TokenGeneration_ClientCredentials` (clientCredentialsTokenGeneration).

export interface TokenOverrides {
  id: { add: Record<string, unknown>; suppress: string[] };
  /** Absent for V1_0, which customises the ID token only. */
  access?: { add: Record<string, unknown>; suppress: string[]; scopesToAdd: string[]; scopesToSuppress: string[] };
  groups?: string[] | undefined;
  roles?: string[] | undefined;
  preferredRole?: string | undefined;
}

const RESERVED = new Set([
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'c_hash', 'client_id', 'device_key', 'event_id', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'scope', 'sub', 'token_use', 'username',
]);
const reserved = (claim: string): boolean => RESERVED.has(claim) || claim.startsWith('cognito:') || claim.startsWith('dev:');

type Json = Record<string, unknown>;

const objectOr = (value: unknown): Json | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw unrecognizable();
  return value as Json;
};
const stringsOr = (value: unknown): string[] | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw unrecognizable();
  return value as string[];
};

/** A token's add/override and suppress lists, refusing reserved claims; `stringsOnly` for V1_0's string map. */
function claimChanges(generation: Json | undefined, stringsOnly: boolean): { add: Record<string, unknown>; suppress: string[] } {
  const add = objectOr(generation?.['claimsToAddOrOverride']) ?? {};
  const suppress = stringsOr(generation?.['claimsToSuppress']) ?? [];
  for (const [claim, value] of Object.entries(add)) {
    if (reserved(claim)) throw unrecognizable();
    if (stringsOnly && typeof value !== 'string') throw unrecognizable();
  }
  if (suppress.some(reserved)) throw unrecognizable();
  return { add, suppress };
}

function readOverrides(version: 'V1_0' | 'V2_0' | 'V3_0', details: Json | undefined): TokenOverrides {
  if (!details) return { id: { add: {}, suppress: [] } };
  const groupDetails = objectOr(details['groupOverrideDetails']);
  const preferredRole = groupDetails?.['preferredRole'];
  if (preferredRole !== undefined && preferredRole !== null && typeof preferredRole !== 'string') throw unrecognizable();
  const out: TokenOverrides = {
    id: version === 'V1_0' ? claimChanges(details, true) : claimChanges(objectOr(details['idTokenGeneration']), false),
    groups: stringsOr(groupDetails?.['groupsToOverride']),
    roles: stringsOr(groupDetails?.['iamRolesToOverride']),
    preferredRole: typeof preferredRole === 'string' ? preferredRole : undefined,
  };
  if (version !== 'V1_0') {
    const access = objectOr(details['accessTokenGeneration']);
    out.access = {
      ...claimChanges(access, false),
      scopesToAdd: stringsOr(access?.['scopesToAdd']) ?? [],
      scopesToSuppress: stringsOr(access?.['scopesToSuppress']) ?? [],
    };
  }
  return out;
}

/**
 * Runs the pool's pre token generation trigger for `user`'s tokens, when it has one. Outside any
 * transaction. `scopes` are the access token's (V2_0 / V3_0 events carry them).
 */
export async function preTokenGeneration(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'id' | 'username' | 'attributes' | 'status'>, source: TokenSource,
  groups: GroupRow[], scopes: readonly string[] = [ADMIN_SCOPE],
): Promise<TokenOverrides | undefined> {
  if (triggerArn(pool, 'PreTokenGeneration') === undefined) return undefined;
  const claims = groupClaims(groups);
  const version = pool.lambdaConfig.PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0';
  const answer = await runTrigger(origin.ctx, pool, 'PreTokenGeneration', {
    triggerSource: `TokenGeneration_${source}`,
    userName: user.username,
    clientId: origin.clientId,
    request: {
      userAttributes: eventAttributes(pool, user),
      groupConfiguration: {
        groupsToOverride: claims['cognito:groups'] ?? [],
        iamRolesToOverride: claims['cognito:roles'] ?? [],
        preferredRole: claims['cognito:preferred_role'] ?? null,
      },
      ...(version === 'V1_0' ? {} : { scopes: [...scopes] }),
      clientMetadata: origin.clientMetadata ?? {},
    },
  });
  return answer && readOverrides(answer.version, answer.details);
}

/**
 * Pre token generation for a machine-to-machine access token (the client credentials grant):
 * only a V3_0 trigger is invoked (`TokenGeneration_ClientCredentials`; V1_0 and V2_0 functions
 * are not, as on Cognito). The event names no user (empty userAttributes, no groups) and carries
 * the granted scopes; of the answer only `accessTokenGeneration` applies (there is no ID token and
 * no group claim). Outside any transaction.
 */
export async function clientCredentialsTokenGeneration(
  origin: TriggerOrigin, pool: PoolView, scopes: readonly string[],
): Promise<TokenOverrides | undefined> {
  if (triggerArn(pool, 'PreTokenGeneration') === undefined || pool.lambdaConfig.PreTokenGenerationConfig?.LambdaVersion !== 'V3_0') return undefined;
  const answer = await runTrigger(origin.ctx, pool, 'PreTokenGeneration', {
    triggerSource: 'TokenGeneration_ClientCredentials',
    clientId: origin.clientId,
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes: [...scopes],
      clientMetadata: origin.clientMetadata ?? {},
    },
  });
  if (!answer) return undefined;
  const { access } = readOverrides(answer.version, answer.details);
  return { id: { add: {}, suppress: [] }, access };
}

/** The groups claims after the trigger's groupOverrideDetails. */
export function overriddenGroups(
  claims: ReturnType<typeof groupClaims>, overrides: TokenOverrides | undefined,
): ReturnType<typeof groupClaims> {
  if (!overrides) return claims;
  const out = { ...claims };
  if (overrides.groups !== undefined) {
    if (overrides.groups.length > 0) out['cognito:groups'] = overrides.groups;
    else delete out['cognito:groups'];
  }
  if (overrides.roles !== undefined) {
    if (overrides.roles.length > 0) out['cognito:roles'] = overrides.roles;
    else delete out['cognito:roles'];
  }
  if (overrides.preferredRole !== undefined) out['cognito:preferred_role'] = overrides.preferredRole;
  return out;
}

function applyClaims(claims: Json, changes: { add: Record<string, unknown>; suppress: string[] }): Json {
  const out = { ...claims, ...changes.add };
  for (const claim of changes.suppress) delete out[claim];
  return out;
}

/** The ID token's claims after the trigger's answer. */
export function customiseIdClaims(claims: Json, overrides: TokenOverrides | undefined): Json {
  return overrides ? applyClaims(claims, overrides.id) : claims;
}

/** The access token's claims after the trigger's answer (V2_0 / V3_0): claims, then scopes. */
export function customiseAccessClaims(claims: Json, overrides: TokenOverrides | undefined): Json {
  if (!overrides?.access) return claims;
  const out = applyClaims(claims, overrides.access);
  const scopes = String(claims['scope'] ?? '').split(' ').filter((s) => s !== '');
  const suppressed = new Set(overrides.access.scopesToSuppress);
  const kept = [...new Set([...scopes, ...overrides.access.scopesToAdd])].filter((s) => !suppressed.has(s));
  if (kept.length > 0) out['scope'] = kept.join(' ');
  else delete out['scope'];
  return out;
}
