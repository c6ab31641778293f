/**
 * Which role an identity's credentials are for (pure): the pool's default roles, or a role
 * mapping of the provider of the login (Token: the token's `cognito:roles` /
 * `cognito:preferred_role`, with CustomRoleArn; Rules: the first matching rule, in order), and
 * AmbiguousRoleResolution when a mapping decides nothing.
 */
import type { MappingRule, RoleMapping } from '@aws-sdk/client-cognito-identity';
import { errors } from '../../errors.ts';
import type { IdentityPoolRoles } from '../pools/store.ts';

/** A login as role resolution sees it: the role-mapping keys that may apply, and the token's claims. */
export interface RoleLogin {
  mappingKeys: readonly string[];
  claims: Readonly<Record<string, unknown>>;
}

export interface RoleRequest {
  roles: IdentityPoolRoles;
  /** Empty for an unauthenticated (guest) identity. */
  logins: readonly RoleLogin[];
  customRoleArn?: string | undefined;
}

const invalidConfiguration = () =>
  errors.invalidIdentityPoolConfiguration('Invalid identity pool configuration. Check assigned IAM roles for this pool.');

export function resolveRole({ roles, logins, customRoleArn }: RoleRequest): string {
  if (logins.length === 0) {
    const role = roles.Roles['unauthenticated'];
    if (!role) throw invalidConfiguration();
    return role;
  }
  for (const login of logins) {
    const key = login.mappingKeys.find((k) => roles.RoleMappings && Object.hasOwn(roles.RoleMappings, k));
    if (key === undefined) continue;
    const mapping = roles.RoleMappings![key]!;
    const decided = mapping.Type === 'Token' ? fromToken(login.claims, customRoleArn) : fromRules(mapping, login.claims, customRoleArn);
    if (decided) return decided;
    return ambiguous(roles, mapping, key);
  }
  const role = roles.Roles['authenticated'];
  if (!role) throw invalidConfiguration();
  return role;
}

function ambiguous(roles: IdentityPoolRoles, mapping: RoleMapping, key: string): string {
  if (mapping.AmbiguousRoleResolution === 'AuthenticatedRole') {
    const role = roles.Roles['authenticated'];
    if (!role) throw invalidConfiguration();
    return role;
  }
  throw errors.notAuthorized(`The ambiguous role mapping rules for: ${key} denied this request.`);
}

/** `cognito:roles` is a JSON array in the tokens of user pools (a comma-separated string in old ones). */
function rolesClaim(claims: Readonly<Record<string, unknown>>): string[] {
  const value = claims['cognito:roles'];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

function fromToken(claims: Readonly<Record<string, unknown>>, customRoleArn: string | undefined): string | undefined {
  if (customRoleArn !== undefined) {
    if (rolesClaim(claims).includes(customRoleArn)) return customRoleArn;
    throw errors.notAuthorized(`The role ${customRoleArn} is not among the roles of the login token.`);
  }
  const preferred = claims['cognito:preferred_role'];
  if (typeof preferred === 'string' && preferred.length > 0) return preferred;
  const all = rolesClaim(claims);
  return all.length === 1 ? all[0] : undefined;
}

function fromRules(mapping: RoleMapping, claims: Readonly<Record<string, unknown>>, customRoleArn: string | undefined): string | undefined {
  const matching = (mapping.RulesConfiguration?.Rules ?? []).filter((rule) => ruleMatches(rule, claims)).map((r) => r.RoleARN!);
  if (customRoleArn !== undefined) {
    if (matching.includes(customRoleArn)) return customRoleArn;
    throw errors.notAuthorized(`The role ${customRoleArn} is not among the roles the role mapping rules give this login.`);
  }
  return matching[0];
}

/** A claim's values as strings: a list claim (`cognito:groups`) has several, a missing one none. */
function valuesOf(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}

/** One rule against the claims; a missing claim matches no rule (NotEqual included). */
export function ruleMatches(rule: MappingRule, claims: Readonly<Record<string, unknown>>): boolean {
  const values = valuesOf(claims[rule.Claim!]);
  if (values === undefined) return false;
  const value = rule.Value!;
  switch (rule.MatchType) {
    case 'Equals': return values.includes(value);
    case 'NotEqual': return !values.includes(value);
    case 'Contains': return values.some((v) => v.includes(value));
    case 'StartsWith': return values.some((v) => v.startsWith(value));
    default: return false;
  }
}
