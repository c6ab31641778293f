/** SetIdentityPoolRoles' checks (pure): role keys and ARNs, role mappings per provider. */
import type { RoleMapping } from '@aws-sdk/client-cognito-identity';
import { errors } from '../../errors.ts';
import { oidcProviderOfArn, providerNamesOf, userPoolOfProvider } from './config.ts';
import type { IdentityPoolConfig, IdentityPoolRoles } from './store.ts';

const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/[\w+=,.@\/-]+$/;

export function checkRoleArn(arn: string): void {
  if (!ROLE_ARN.test(arn)) throw errors.invalidParameter(`Invalid role ARN: ${arn.slice(0, 2048)}`);
}

export function rolesOf(config: IdentityPoolConfig, roles: Record<string, string>, mappings?: Record<string, RoleMapping>): IdentityPoolRoles {
  for (const [key, arn] of Object.entries(roles)) {
    if (key !== 'authenticated' && key !== 'unauthenticated') {
      throw errors.invalidParameter(`Invalid role key: ${key.slice(0, 128)}. Only authenticated and unauthenticated are supported.`);
    }
    checkRoleArn(arn);
  }
  const out: IdentityPoolRoles = { Roles: { ...roles } };
  if (mappings && Object.keys(mappings).length > 0) {
    // An OIDC provider is also known by its Logins key (host and path).
    const providers = [...providerNamesOf(config), ...(config.OpenIdConnectProviderARNs ?? []).map(oidcProviderOfArn)];
    for (const [key, mapping] of Object.entries(mappings)) {
      // A user pool's mappings are keyed `<provider>:<app client id>`.
      const colon = key.lastIndexOf(':');
      const userPoolKey = colon > 0 && userPoolOfProvider(key.slice(0, colon)) !== undefined
        && providers.includes(key.slice(0, colon));
      if (!userPoolKey && !providers.includes(key)) {
        throw errors.invalidParameter(`Role mapping key ${key.slice(0, 256)} is not an identity provider of this identity pool.`);
      }
      if (mapping.AmbiguousRoleResolution === undefined) {
        throw errors.invalidParameter('AmbiguousRoleResolution must be specified for Token and Rules role mappings.');
      }
      if (mapping.Type === 'Rules') {
        const rules = mapping.RulesConfiguration?.Rules;
        if (!rules || rules.length === 0) throw errors.invalidParameter('RulesConfiguration is required for a role mapping of type Rules.');
        for (const rule of rules) checkRoleArn(rule.RoleARN!);
      } else if (mapping.RulesConfiguration !== undefined) {
        throw errors.invalidParameter('RulesConfiguration can only be given for a role mapping of type Rules.');
      }
    }
    out.RoleMappings = structuredClone(mappings);
  }
  return out;
}
