/**
 * Which pool a request's host name is for: `<prefix>.auth.<region>.<base>` (base from the
 * `domainBase` setting, `amazoncognito.com` by default) names a prefix domain, any other host a
 * custom domain. Used to route the OAuth endpoints and pages by the Host header.
 */
import type { Repos } from '../../storage/store.ts';
import type { DomainSettings } from '../context.ts';
import { DEFAULT_DOMAIN_BASE } from './domain-rules.ts';
import type { DomainRow } from './store.ts';

/** The host without its port and trailing dot, in lower case (host names compare case-insensitively). */
function hostName(host: string): string {
  let name = host.trim().toLowerCase();
  if (name.startsWith('[')) return name; // an IPv6 literal names no domain
  const colon = name.lastIndexOf(':');
  if (colon >= 0) name = name.slice(0, colon);
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export async function poolForHost(
  repos: Repos, host: string, settings: Pick<DomainSettings, 'region' | 'domainBase'>,
): Promise<{ poolId: string; domain: DomainRow } | undefined> {
  const name = hostName(host);
  if (name === '' || name.startsWith('[')) return undefined;
  const suffix = `.auth.${settings.region}.${settings.domainBase ?? DEFAULT_DOMAIN_BASE}`.toLowerCase();
  const prefix = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
  const wanted = prefix !== undefined && !prefix.includes('.') ? { domain: prefix, kind: 'prefix' } : { domain: name, kind: 'custom' };
  const row = await repos.domains.get(wanted.domain);
  return row && row.kind === wanted.kind ? { poolId: row.poolId, domain: row } : undefined;
}
