/**
 * The config file as desired state for an existing pool or app client: the settings the file
 * names are merged over the current description (Cognito's Update* operations replace what they
 * are not sent with defaults, so the rest is sent back as it is), and the result is built with
 * the same configuration builders as the API, so that what would change is known before any
 * write, and a file that matches the stored state changes nothing. Pure.
 */
import type {
  SchemaAttributeType, UpdateUserPoolClientRequest, UpdateUserPoolRequest, UserPoolClientType, UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { buildClientConfig, type ClientSettings } from '../userPools/clients/client-config.ts';
import { buildMutableConfig, buildSchema, normalizeCustomAttribute, STANDARD_NAMES, type MutablePoolSettings, type PoolView } from '../userPools/pools/pool-config.ts';
import { REWRITTEN } from '../userPools/pools/update-user-pool.ts';
import { diffSettings, pick, sameValue, type SettingChange } from './diff.ts';

const POOL_SETTINGS = Object.keys(REWRITTEN) as (keyof MutablePoolSettings)[];

/** Every setting UpdateUserPoolClient takes besides the ids and the name. */
const CLIENT_SETTINGS_MAP: Record<keyof ClientSettings, true> = {
  RefreshTokenValidity: true, AccessTokenValidity: true, IdTokenValidity: true, TokenValidityUnits: true,
  ReadAttributes: true, WriteAttributes: true, ExplicitAuthFlows: true, SupportedIdentityProviders: true,
  CallbackURLs: true, LogoutURLs: true, DefaultRedirectURI: true, AllowedOAuthFlows: true, AllowedOAuthScopes: true,
  AllowedOAuthFlowsUserPoolClient: true, AnalyticsConfiguration: true, PreventUserExistenceErrors: true,
  EnableTokenRevocation: true, EnablePropagateAdditionalUserContextData: true, AuthSessionValidity: true,
  RefreshTokenRotation: true,
};
const CLIENT_SETTINGS = Object.keys(CLIENT_SETTINGS_MAP) as (keyof ClientSettings)[];

interface PoolPlan {
  /** What UpdateUserPool would change; empty when the pool is as the file says. */
  changes: SettingChange[];
  /** The UpdateUserPool input (without UserPoolId) that makes those changes. */
  update: Omit<UpdateUserPoolRequest, 'UserPoolId'>;
  /** Custom attributes the file declares that the pool does not have yet (AddCustomAttributes). */
  newCustomAttributes: SchemaAttributeType[];
  /** The pool's mutable settings once updated. */
  config: Record<string, unknown>;
}

/** A setting that cannot change once the pool exists, and that the file wants otherwise. */
export class ImmutableSettingError extends Error {}

/** The verification texts can be named at the top level or in VerificationMessageTemplate: both reach the template. */
function verificationTemplate(current: UserPoolType, named: Record<string, unknown>): Record<string, unknown> {
  const template = named.VerificationMessageTemplate as Record<string, unknown> | undefined;
  return {
    ...current.VerificationMessageTemplate,
    ...(named.EmailVerificationMessage !== undefined ? { EmailMessage: named.EmailVerificationMessage } : {}),
    ...(named.EmailVerificationSubject !== undefined ? { EmailSubject: named.EmailVerificationSubject } : {}),
    ...(named.SmsVerificationMessage !== undefined ? { SmsMessage: named.SmsVerificationMessage } : {}),
    ...template,
  };
}

/** Sign-in names, case sensitivity and standard attributes are fixed at creation: the file must agree. */
function checkImmutable(current: UserPoolType, file: Record<string, unknown>): SchemaAttributeType[] {
  const refuse = (setting: string, stored: unknown, wanted: unknown) => {
    throw new ImmutableSettingError(`${setting} cannot change once a pool exists (the pool has ${JSON.stringify(stored ?? null)}, `
      + `the file says ${JSON.stringify(wanted ?? null)}): change the file back, or delete and recreate the pool`);
  };
  const asSet = (v: unknown) => [...new Set((v as string[] | undefined) ?? [])].sort();
  for (const setting of ['AliasAttributes', 'UsernameAttributes'] as const) {
    if (file[setting] !== undefined && !sameValue(asSet(file[setting]), asSet(current[setting]))) refuse(setting, current[setting], file[setting]);
  }
  if (file.UsernameConfiguration !== undefined) {
    const wanted = (file.UsernameConfiguration as { CaseSensitive?: boolean }).CaseSensitive ?? true;
    if (wanted !== (current.UsernameConfiguration?.CaseSensitive ?? true)) refuse('UsernameConfiguration', current.UsernameConfiguration, file.UsernameConfiguration);
  }
  if (file.Schema === undefined) return [];
  const requested = file.Schema as SchemaAttributeType[];
  const stored = new Map((current.SchemaAttributes ?? []).map((a) => [a.Name!, a]));
  // The standard attributes as the file would have created them (this also checks the file's schema).
  for (const attribute of buildSchema(requested).filter((a) => STANDARD_NAMES.has(a.Name!))) {
    const existing = stored.get(attribute.Name!);
    if (!sameValue(existing, attribute)) refuse(`Schema attribute ${attribute.Name}`, existing, attribute);
  }
  const added: SchemaAttributeType[] = [];
  for (const attribute of requested.filter((a) => !STANDARD_NAMES.has(a.Name ?? ''))) {
    const wanted = normalizeCustomAttribute(attribute);
    const existing = stored.get(wanted.Name!);
    if (!existing) added.push(attribute);
    else if (!sameValue(existing, wanted)) refuse(`Schema attribute ${wanted.Name}`, existing, wanted);
  }
  return added;
}

/** How the file's settings (CreateUserPool members) would change the described pool. */
export function planPool(current: UserPoolType, file: Record<string, unknown>): PoolPlan {
  const newCustomAttributes = checkImmutable(current, file);
  const stored = pick(current as Record<string, unknown>, POOL_SETTINGS);
  const named = pick(file, POOL_SETTINGS);
  const merged = {
    ...stored,
    ...named,
    VerificationMessageTemplate: verificationTemplate(current, named),
  } as MutablePoolSettings;
  const built = buildMutableConfig(merged);
  const changes = diffSettings(stored, pick(built, POOL_SETTINGS));
  return { changes, update: merged, newCustomAttributes, config: built };
}

/** A token's lifetime is its value with its unit: when the file names either, both are the file's. */
function tokenValidities(current: UserPoolClientType, named: Record<string, unknown>): Record<string, unknown> {
  const units: Record<string, unknown> = { ...current.TokenValidityUnits };
  const out: Record<string, unknown> = {};
  const namedUnits = (named.TokenValidityUnits ?? {}) as Record<string, unknown>;
  for (const [value, unit] of [['AccessTokenValidity', 'AccessToken'], ['IdTokenValidity', 'IdToken'], ['RefreshTokenValidity', 'RefreshToken']] as const) {
    if (named[value] === undefined && namedUnits[unit] === undefined) continue;
    out[value] = named[value];
    if (namedUnits[unit] === undefined) delete units[unit];
    else units[unit] = namedUnits[unit];
  }
  return { ...out, TokenValidityUnits: units };
}

interface ClientPlan {
  changes: SettingChange[];
  /** The UpdateUserPoolClient settings (without ids and name) that make those changes. */
  update: Omit<UpdateUserPoolClientRequest, 'UserPoolId' | 'ClientId' | 'ClientName'>;
}

/** How the file's settings (CreateUserPoolClient members) would change the described client. */
export function planClient(current: UserPoolClientType, file: Record<string, unknown>, pool: PoolView): ClientPlan {
  const stored = pick(current as Record<string, unknown>, CLIENT_SETTINGS);
  const named = pick(file, CLIENT_SETTINGS);
  const merged = { ...stored, ...named, ...tokenValidities(current, named) } as ClientSettings;
  for (const key of Object.keys(merged) as (keyof ClientSettings)[]) if (merged[key] === undefined) delete merged[key];
  const built = buildClientConfig(merged, pool, 'updating');
  return { changes: diffSettings(stored, pick(built, CLIENT_SETTINGS)), update: merged };
}
