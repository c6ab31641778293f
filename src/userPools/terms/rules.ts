/**
 * Terms documents' rules: a name that begins with `terms-of-use` or `privacy-policy` (the kind of
 * document), links keyed `cognito:default` or `cognito:<language>` to HTTPS URLs (HTTP to the
 * loopback hosts for testing), and how the API shows them.
 */
import type { TermsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { redirectUrlProblem } from '../clients/oauth-settings.ts';
import type { TermsRow } from './store.ts';

export const TERMS_KINDS = ['terms-of-use', 'privacy-policy'] as const;
export type TermsKind = (typeof TERMS_KINDS)[number];

/** Managed login's languages (the `lang` parameter) and the names their links are keyed by. */
export const LINK_LANGUAGES: Readonly<Record<string, string>> = {
  de: 'german', en: 'english', es: 'spanish', fr: 'french', id: 'bahasa-indonesia', it: 'italian', ja: 'japanese',
  ko: 'korean', 'pt-br': 'portuguese-brazil', 'zh-cn': 'chinese-simplified', 'zh-tw': 'chinese-traditional',
};
const LINK_KEYS: ReadonlySet<string> = new Set(['cognito:default', ...Object.values(LINK_LANGUAGES).map((l) => `cognito:${l}`)]);

export function kindOf(name: string): TermsKind | undefined {
  return TERMS_KINDS.find((kind) => name.startsWith(kind));
}

export function checkName(name: string): void {
  if (!kindOf(name)) throw errors.invalidParameter('TermsName must begin with terms-of-use or privacy-policy.');
}

export function checkLinks(links: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, url] of Object.entries(links ?? {})) {
    if (!LINK_KEYS.has(key)) throw errors.invalidParameter(`Links has an unsupported language key: ${key}`);
    const problem = url.startsWith('http://') || url.startsWith('https://') ? redirectUrlProblem(url) : 'must be an HTTPS URL';
    if (problem) throw errors.invalidParameter(`The link for ${key} ${problem}: ${url}`);
    out[key] = url;
  }
  return out;
}

export const termsNotFound = (id: string) => errors.resourceNotFound(`Terms ${id} do not exist.`);
export const termsExist = (name: string, clientId: string) =>
  errors.termsExists(`Terms named ${name} already exist for client ${clientId}.`);

export const describeTerms = (row: TermsRow): TermsType => ({
  TermsId: row.id, UserPoolId: row.poolId, ClientId: row.clientId, TermsName: row.name,
  TermsSource: row.source as TermsType['TermsSource'], Enforcement: row.enforcement as TermsType['Enforcement'],
  Links: row.links, CreationDate: new Date(row.createdAt), LastModifiedDate: new Date(row.updatedAt),
});
