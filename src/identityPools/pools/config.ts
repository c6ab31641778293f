/**
 * An identity pool's configuration as CreateIdentityPool / UpdateIdentityPool give it: checked
 * (pure) and turned into the stored row, and the row back into the API's `IdentityPool`.
 */
import type { IdentityPool } from '@aws-sdk/client-cognito-identity';
import { errors } from '../../errors.ts';
import type { IdentityPoolConfig, IdentityPoolRow } from './store.ts';

/** The public providers Cognito knows by name in SupportedLoginProviders. */
export const PUBLIC_PROVIDERS = ['graph.facebook.com', 'accounts.google.com', 'www.amazon.com', 'api.twitter.com', 'www.digits.com', 'appleid.apple.com'];

const OIDC_ARN = /^arn:aws:iam::\d{12}:oidc-provider\/[^\s]+$/;
const SAML_ARN = /^arn:aws:iam::\d{12}:saml-provider\/[\w+=,.@-]+$/;
const USER_POOL_PROVIDER = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/([\w-]+_[0-9a-zA-Z]+)$/;

/** The user pool a CognitoIdentityProviders ProviderName names, or undefined. */
export function userPoolOfProvider(providerName: string): { region: string; poolId: string } | undefined {
  const m = USER_POOL_PROVIDER.exec(providerName);
  return m ? { region: m[1]!, poolId: m[2]! } : undefined;
}

/** The provider host (and path) an IAM OIDC provider ARN names: the Logins key of its tokens. */
export const oidcProviderOfArn = (arn: string): string => arn.slice(arn.indexOf(':oidc-provider/') + ':oidc-provider/'.length);

/** Checks CreateIdentityPool's / UpdateIdentityPool's settings; the configuration to store. */
export function configOf(input: IdentityPool | Omit<IdentityPool, 'IdentityPoolId'>, previous?: IdentityPoolConfig): IdentityPoolConfig {
  const config: IdentityPoolConfig = { AllowUnauthenticatedIdentities: input.AllowUnauthenticatedIdentities === true };
  if (input.AllowClassicFlow !== undefined) config.AllowClassicFlow = input.AllowClassicFlow;
  if (input.SupportedLoginProviders && Object.keys(input.SupportedLoginProviders).length > 0) {
    for (const key of Object.keys(input.SupportedLoginProviders)) {
      if (!PUBLIC_PROVIDERS.includes(key)) throw errors.invalidParameter(`Invalid login provider: ${key.slice(0, 128)}`);
    }
    config.SupportedLoginProviders = { ...input.SupportedLoginProviders };
  }
  if (previous?.DeveloperProviderName !== undefined && input.DeveloperProviderName !== previous.DeveloperProviderName) {
    throw errors.invalidParameter('Developer provider name cannot be changed once set.');
  }
  if (input.DeveloperProviderName !== undefined) {
    if (input.DeveloperProviderName.startsWith('cognito-') || PUBLIC_PROVIDERS.includes(input.DeveloperProviderName)) {
      throw errors.invalidParameter(`Invalid developer provider name: ${input.DeveloperProviderName}`);
    }
    config.DeveloperProviderName = input.DeveloperProviderName;
  }
  if (input.OpenIdConnectProviderARNs?.length) {
    for (const arn of input.OpenIdConnectProviderARNs) {
      if (!OIDC_ARN.test(arn)) throw errors.invalidParameter(`Invalid OpenIdConnectProviderARN: ${arn.slice(0, 2048)}`);
    }
    config.OpenIdConnectProviderARNs = [...new Set(input.OpenIdConnectProviderARNs)];
  }
  if (input.CognitoIdentityProviders?.length) {
    const seen = new Set<string>();
    for (const p of input.CognitoIdentityProviders) {
      if (!p.ProviderName || !userPoolOfProvider(p.ProviderName)) {
        throw errors.invalidParameter(`Invalid Cognito Identity Provider: ${String(p.ProviderName ?? '').slice(0, 128)}`);
      }
      const key = `${p.ProviderName}:${p.ClientId ?? ''}`;
      if (seen.has(key)) throw errors.invalidParameter(`Duplicate Cognito Identity Provider: ${key}`);
      seen.add(key);
    }
    config.CognitoIdentityProviders = input.CognitoIdentityProviders.map((p) => ({
      ProviderName: p.ProviderName!, ...(p.ClientId !== undefined ? { ClientId: p.ClientId } : {}),
      ServerSideTokenCheck: p.ServerSideTokenCheck === true,
    }));
  }
  if (input.SamlProviderARNs?.length) {
    for (const arn of input.SamlProviderARNs) {
      if (!SAML_ARN.test(arn)) throw errors.invalidParameter(`Invalid SamlProviderARN: ${arn.slice(0, 2048)}`);
    }
    config.SamlProviderARNs = [...new Set(input.SamlProviderARNs)];
  }
  return config;
}

/** The stored pool as the API's `IdentityPool`. */
export function identityPoolOf(row: IdentityPoolRow): IdentityPool {
  const c = row.config;
  return {
    IdentityPoolId: row.id,
    IdentityPoolName: row.name,
    AllowUnauthenticatedIdentities: c.AllowUnauthenticatedIdentities,
    ...(c.AllowClassicFlow !== undefined ? { AllowClassicFlow: c.AllowClassicFlow } : {}),
    ...(c.SupportedLoginProviders ? { SupportedLoginProviders: c.SupportedLoginProviders } : {}),
    ...(c.DeveloperProviderName !== undefined ? { DeveloperProviderName: c.DeveloperProviderName } : {}),
    ...(c.OpenIdConnectProviderARNs ? { OpenIdConnectProviderARNs: c.OpenIdConnectProviderARNs } : {}),
    ...(c.CognitoIdentityProviders ? { CognitoIdentityProviders: c.CognitoIdentityProviders } : {}),
    ...(c.SamlProviderARNs ? { SamlProviderARNs: c.SamlProviderARNs } : {}),
    ...(Object.keys(row.tags).length ? { IdentityPoolTags: row.tags } : {}),
  };
}

/** Every identity provider name the pool knows (SetPrincipalTagAttributeMap, RoleMappings keys). */
export function providerNamesOf(config: IdentityPoolConfig): string[] {
  return [
    ...(config.CognitoIdentityProviders ?? []).map((p) => p.ProviderName!),
    ...(config.OpenIdConnectProviderARNs ?? []),
    ...(config.SamlProviderARNs ?? []),
    ...Object.keys(config.SupportedLoginProviders ?? {}),
  ];
}
