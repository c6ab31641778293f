/**
 * IAM OpenID Connect providers (CreateOpenIDConnectProvider, GetOpenIDConnectProvider,
 * ListOpenIDConnectProviders, DeleteOpenIDConnectProvider), with IAM's checks and messages, and
 * what trusts them: STS's AssumeRoleWithWebIdentity (`sts/web-identity.ts`) and identity pools'
 * OpenIdConnectProviderARNs (`identityPools/logins/verify.ts`) take a registered provider's
 * ID tokens when `iss` is its URL and the audience is one of its client ids (`azp` when the token
 * has one, else `aud`), as AWS does.
 *
 * A provider is named by its URL without the scheme (`host/path`, not normalised: a trailing
 * slash makes another provider); the ARN is `arn:aws:iam::<account>:oidc-provider/<host/path>`.
 * AWS wants `https://`; Alcove also takes `http://` (a development issuer on a plain-HTTP port).
 * Thumbprints are kept and returned, not checked.
 */
import type { Services } from '../kernel/context.ts';
import { UniqueViolation } from '../storage/store.ts';
import { iamErrors } from './errors.ts';
import { invalidMember } from './roles.ts';
import type { OidcProviderRow } from './store.ts';

const MAX_CLIENT_IDS = 100;
const MAX_THUMBPRINTS = 5;
const MAX_TAGS = 50;
const THUMBPRINT = /^[0-9a-fA-F]{40}$/;

export interface CreateOidcProviderInput {
  url: string;
  clientIds?: string[] | undefined;
  thumbprints?: string[] | undefined;
  tags?: { Key: string; Value: string }[] | undefined;
}

/** The URL without its scheme: the provider's name in ARNs, Logins keys and trust policies. */
export const oidcUrlKey = (url: string): string => url.replace(/^https?:\/\//i, '');

export const oidcProviderArn = (accountId: string, urlKey: string): string => `arn:aws:iam::${accountId}:oidc-provider/${urlKey}`;

const notFound = (arn: string) => iamErrors.noSuchEntity(`OpenIDConnect Provider not found for arn ${arn.slice(0, 2048)}`);

function checkUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch { /* refused below */ }
  if (url.length > 255 || !parsed || !/^https?:\/\//i.test(url) || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw iamErrors.validation('Invalid Openid Connect Provider URL');
  }
}

export async function createOidcProvider(services: Services, input: CreateOidcProviderInput): Promise<OidcProviderRow> {
  checkUrl(input.url);
  const clientIds = input.clientIds ?? [];
  const thumbprints = input.thumbprints ?? [];
  const tags = input.tags ?? [];
  if (clientIds.length > MAX_CLIENT_IDS) throw iamErrors.limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  for (const id of clientIds) if (id.length < 1 || id.length > 255) throw invalidMember(id, 'clientIDList', 'Member must have length between 1 and 255');
  if (thumbprints.length > MAX_THUMBPRINTS) throw iamErrors.invalidInput(`Thumbprint list must contain fewer than ${MAX_THUMBPRINTS + 1} entries.`);
  for (const t of thumbprints) if (!THUMBPRINT.test(t)) throw invalidMember(t, 'thumbprintList', 'Member must have length greater than or equal to 40');
  if (tags.length > MAX_TAGS) throw iamErrors.limitExceeded('The number of tags has reached the maximum limit.');
  const urlKey = oidcUrlKey(input.url);
  const row: OidcProviderRow = {
    urlKey, url: input.url, arn: oidcProviderArn(services.settings.accountId, urlKey),
    clientIds: [...new Set(clientIds)], thumbprints, tags, createdAt: services.clock.now(),
  };
  try {
    await services.store.oidcProviders.insert(row);
  } catch (e) {
    if (e instanceof UniqueViolation) throw iamErrors.entityAlreadyExists(`Provider with url ${input.url} already exists.`);
    throw e;
  }
  return row;
}

/** The provider an ARN of this account names, if registered. */
export async function findOidcProvider(services: Services, arn: string): Promise<OidcProviderRow | undefined> {
  const prefix = `arn:aws:iam::${services.settings.accountId}:oidc-provider/`;
  if (!arn.startsWith(prefix)) return undefined;
  return services.store.oidcProviders.get(arn.slice(prefix.length));
}

export async function getOidcProvider(services: Services, arn: string): Promise<OidcProviderRow> {
  const row = await findOidcProvider(services, arn);
  if (!row) throw notFound(arn);
  return row;
}

export const listOidcProviders = (services: Services): Promise<OidcProviderRow[]> => services.store.oidcProviders.list();

export async function deleteOidcProvider(services: Services, arn: string): Promise<void> {
  const row = await findOidcProvider(services, arn);
  if (!row || !(await services.store.oidcProviders.delete(row.urlKey))) throw notFound(arn);
}

/** A token's audience as IAM checks it for a provider: `azp` when present, else one of `aud`. */
export function audienceOf(provider: OidcProviderRow, claims: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof claims.azp === 'string') return provider.clientIds.includes(claims.azp) ? claims.azp : undefined;
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  return auds.find((a): a is string => typeof a === 'string' && provider.clientIds.includes(a));
}
