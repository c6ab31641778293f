/**
 * An app client's configuration: how Create/UpdateUserPoolClient input becomes the stored
 * configuration (Cognito's defaults filled in, its rules checked), and how DescribeUserPoolClient
 * shows it.
 */
import type {
  CreateUserPoolClientRequest, ExplicitAuthFlowsType, TimeUnitsType, UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { ClientRow } from './store.ts';
import type { PoolView } from '../pools/pool-config.ts';

/** The stored configuration: everything DescribeUserPoolClient returns but the row's own columns. */
export type ClientConfig = Omit<UserPoolClientType,
  'UserPoolId' | 'ClientName' | 'ClientId' | 'ClientSecret' | 'LastModifiedDate' | 'CreationDate'>;

/** The settings a create or an update gives (an update sends them all again, or gets defaults). */
export type ClientSettings = Omit<CreateUserPoolClientRequest, 'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'>;

export const DEFAULT_AUTH_FLOWS: readonly ExplicitAuthFlowsType[] = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];
export const LEGACY_AUTH_FLOWS: ReadonlySet<string> = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

/** The flow of GetClientToken (machine-to-machine), newer than the SDK's enum. */
export const CLIENT_TOKEN_FLOW = 'ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType;

export const UNIT_SECONDS: Record<TimeUnitsType, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

interface ValidityRule {
  /** Unit of a value sent without one. */
  unit: TimeUnitsType;
  /** Lifetime when no value is sent. */
  defaultSeconds: number;
  /** How the default reads when the requested unit cannot express it evenly. */
  defaultShown: [number, TimeUnitsType];
  min: number;
  max: number;
}

const ACCESS_OR_ID: ValidityRule = { unit: 'hours', defaultSeconds: 3600, defaultShown: [60, 'minutes'], min: 5 * 60, max: 86400 };
const REFRESH: ValidityRule = { unit: 'days', defaultSeconds: 30 * 86400, defaultShown: [30, 'days'], min: 3600, max: 3650 * 86400 };

/**
 * A token lifetime as value and unit. Without a value the default lifetime is shown in the
 * requested unit when it divides evenly, else as the rule shows it (60 minutes, 30 days).
 */
function validity(value: number | undefined, unit: TimeUnitsType | undefined, rule: ValidityRule): [number, TimeUnitsType] {
  if (value === undefined || value === 0) {
    if (unit && rule.defaultSeconds % UNIT_SECONDS[unit] === 0) return [rule.defaultSeconds / UNIT_SECONDS[unit], unit];
    return rule.defaultShown;
  }
  const seconds = value * UNIT_SECONDS[unit ?? rule.unit];
  if (seconds < rule.min || seconds > rule.max) throw errors.invalidParameter('Invalid range for token validity.');
  return [value, unit ?? rule.unit];
}

function authFlows(requested: ExplicitAuthFlowsType[] | undefined): ExplicitAuthFlowsType[] {
  if (requested === undefined) return [...DEFAULT_AUTH_FLOWS];
  const flows = [...new Set(requested)];
  const legacy = flows.filter((f) => LEGACY_AUTH_FLOWS.has(f));
  if (legacy.length > 0 && legacy.length < flows.length) {
    throw errors.invalidParameter('ExplicitAuthFlows can not have both legacy values and values prefixed with ALLOW_.');
  }
  // GetClientToken's flow excludes every flow that signs a person in (refresh tokens are a person's).
  if ((flows as string[]).includes(CLIENT_TOKEN_FLOW)) {
    if (flows.some((f) => f !== CLIENT_TOKEN_FLOW && f !== 'ALLOW_REFRESH_TOKEN_AUTH')) {
      throw errors.invalidParameter('ALLOW_CLIENT_TOKEN_AUTH can not be combined with user authentication flows.');
    }
    return flows;
  }
  if (legacy.length === 0 && flows.length > 0 && !flows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
    throw errors.invalidParameter('REFRESH_TOKEN_AUTH should always be allowed.');
  }
  return flows;
}

/** Read/write lists must name the pool's attributes; writes must cover every required attribute. */
function checkAttributeLists(input: ClientSettings, pool: PoolView, action: 'creating' | 'updating'): void {
  if (input.ReadAttributes?.some((name) => !pool.attribute(name))) {
    throw errors.invalidParameter(`Invalid read attributes specified while ${action} a client`);
  }
  const writes = input.WriteAttributes;
  if (writes && (
    writes.some((name) => name === 'sub' || !pool.attribute(name))
    || pool.requiredAttributes.some((name) => !writes.includes(name))
  )) {
    throw errors.invalidParameter(`Invalid write attributes specified while ${action} a client`);
  }
}

/** Create/Update input → stored configuration, with Cognito's defaults for whatever is not given. */
export function buildClientConfig(input: ClientSettings, pool: PoolView, action: 'creating' | 'updating'): ClientConfig {
  checkAttributeLists(input, pool, action);
  const units = input.TokenValidityUnits ?? {};
  const [refresh, refreshUnit] = validity(input.RefreshTokenValidity, units.RefreshToken, REFRESH);
  const [access, accessUnit] = validity(input.AccessTokenValidity, units.AccessToken, ACCESS_OR_ID);
  const [id, idUnit] = validity(input.IdTokenValidity, units.IdToken, ACCESS_OR_ID);
  const optional = <K extends keyof ClientSettings>(key: K) => (input[key] !== undefined ? { [key]: input[key] } : {});
  return {
    RefreshTokenValidity: refresh,
    AccessTokenValidity: access,
    IdTokenValidity: id,
    TokenValidityUnits: { AccessToken: accessUnit, IdToken: idUnit, RefreshToken: refreshUnit },
    ...optional('ReadAttributes'),
    ...optional('WriteAttributes'),
    ExplicitAuthFlows: authFlows(input.ExplicitAuthFlows),
    ...optional('SupportedIdentityProviders'),
    ...optional('CallbackURLs'),
    ...optional('LogoutURLs'),
    ...optional('DefaultRedirectURI'),
    ...optional('AllowedOAuthFlows'),
    ...optional('AllowedOAuthScopes'),
    AllowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    ...optional('AnalyticsConfiguration'),
    PreventUserExistenceErrors: input.PreventUserExistenceErrors ?? 'LEGACY',
    EnableTokenRevocation: input.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: input.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: input.AuthSessionValidity ?? 3,
    ...optional('RefreshTokenRotation'),
    ClientType: 'REGULAR',
  };
}

/** DescribeUserPoolClient's `UserPoolClient`: the secret appears in clear, as Cognito shows it. */
export function describeClient(row: ClientRow, secret: string | undefined): UserPoolClientType {
  return {
    UserPoolId: row.poolId,
    ClientName: row.name,
    ClientId: row.id,
    ...(secret !== undefined ? { ClientSecret: secret } : {}),
    LastModifiedDate: new Date(row.updatedAt),
    CreationDate: new Date(row.createdAt),
    ...row.config,
  };
}
