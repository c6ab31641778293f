import { UniqueViolation } from '../../storage/store.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { checkLinks, checkName, describeTerms, termsExist, termsNotFound } from './rules.ts';

/** Changes what the request gives; the rest stays. */
export const updateTerms: Handler<'UpdateTerms'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  if (input.TermsName !== undefined) checkName(input.TermsName);
  const links = input.Links === undefined ? undefined : checkLinks(input.Links);
  await requirePoolRow(store, input.UserPoolId);
  const current = await store.terms.get(input.UserPoolId, input.TermsId);
  if (!current) throw termsNotFound(input.TermsId);
  const row = {
    ...current,
    name: input.TermsName ?? current.name,
    source: input.TermsSource ?? current.source,
    enforcement: input.Enforcement ?? current.enforcement,
    links: links ?? current.links,
    updatedAt: clock.now(),
  };
  try {
    if (!(await store.terms.update(row))) throw termsNotFound(input.TermsId);
  } catch (e) {
    if (e instanceof UniqueViolation) throw termsExist(row.name, row.clientId);
    throw e;
  }
  return { Terms: describeTerms(row) };
};
