/**
 * What Cognito requires of a user pool domain, and how the API shows one. A prefix domain is a
 * single DNS label (`<prefix>.auth.<region>.amazoncognito.com` once served) without the reserved
 * words; a custom domain (with CustomDomainConfig) is a fully qualified name of several labels.
 */
import type { CustomDomainConfigType, DomainDescriptionType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { DomainSettings } from '../context.ts';
import type { DomainKind, DomainRow } from './store.ts';

/** Cognito refuses prefixes that contain these words anywhere ("Domain cannot contain reserved word: aws"). */
const RESERVED_WORDS = ['aws', 'amazon', 'cognito'] as const;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Where the managed login domain's host names end, unless settings say otherwise. */
export const DEFAULT_DOMAIN_BASE = 'amazoncognito.com';

/** Whether the request names a custom domain, checking the name against its kind. */
export function domainKind(domain: string, custom: CustomDomainConfigType | undefined): DomainKind {
  const labels = domain.split('.');
  if (custom === undefined) {
    if (labels.length !== 1 || !LABEL.test(domain)) {
      throw errors.invalidParameter('The domain prefix can contain only lowercase letters, numbers, and hyphens.');
    }
    const reserved = RESERVED_WORDS.find((word) => domain.includes(word));
    if (reserved) throw errors.invalidParameter(`Domain cannot contain reserved word: ${reserved}`);
    return 'prefix';
  }
  if (labels.length < 2 || labels.some((label) => !LABEL.test(label))) {
    throw errors.invalidParameter('A custom domain must be a fully qualified domain name, such as auth.example.com.');
  }
  return 'custom';
}

/** ManagedLoginVersion: 1 (hosted UI, classic; the default) or 2 (managed login). */
export function managedLoginVersion(requested: number | undefined, current = 1): number {
  if (requested === undefined) return current;
  if (requested !== 1 && requested !== 2) throw errors.invalidParameter('ManagedLoginVersion must be 1 or 2.');
  return requested;
}

/** The host a custom domain's DNS alias points at: this server's public host (CloudFront's role at AWS). */
export function aliasTarget(settings: DomainSettings): string {
  return new URL(settings.publicUrl).hostname;
}

/** The host name a domain is served on. */
export function domainHost(row: Pick<DomainRow, 'domain' | 'kind'>, settings: Pick<DomainSettings, 'region' | 'domainBase'>): string {
  return row.kind === 'custom' ? row.domain : `${row.domain}.auth.${settings.region}.${settings.domainBase ?? DEFAULT_DOMAIN_BASE}`;
}

export function describeDomain(row: DomainRow, settings: DomainSettings): DomainDescriptionType {
  return {
    UserPoolId: row.poolId,
    AWSAccountId: settings.accountId,
    Domain: row.domain,
    ...(row.kind === 'custom' ? { CloudFrontDistribution: aliasTarget(settings) } : {}),
    Status: 'ACTIVE',
    ...(row.customDomainConfig ? { CustomDomainConfig: row.customDomainConfig } : {}),
    ManagedLoginVersion: row.managedLoginVersion,
  };
}

/** Cognito's answer to Update/Delete of a domain the pool does not have. */
export const noSuchDomain = () => errors.invalidParameter('No such domain or user pool exists.');
