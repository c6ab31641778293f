/**
 * The links the sign-up page shows: the client's terms of use and privacy policy in the person's
 * language (the `lang` parameter), else the default link. As Cognito, nothing is shown until the
 * client has both documents.
 */
import type { Services } from '../context.ts';
import { kindOf, LINK_LANGUAGES } from './rules.ts';

export interface TermsLinks {
  termsOfUse: string;
  privacyPolicy: string;
}

export async function termsFor(services: Services, clientId: string, lang: string | undefined): Promise<TermsLinks | undefined> {
  const rows = await services.store.terms.forClient(clientId);
  const language = lang === undefined ? undefined : LINK_LANGUAGES[lang.toLowerCase()] ?? LINK_LANGUAGES[lang.toLowerCase().split('-')[0]!];
  const link = (kind: 'terms-of-use' | 'privacy-policy') => {
    const row = rows.find((r) => kindOf(r.name) === kind);
    if (!row) return undefined;
    return (language ? row.links[`cognito:${language}`] : undefined) ?? row.links['cognito:default'];
  };
  const termsOfUse = link('terms-of-use');
  const privacyPolicy = link('privacy-policy');
  return termsOfUse && privacyPolicy ? { termsOfUse, privacyPolicy } : undefined;
}
