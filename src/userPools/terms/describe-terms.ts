import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { describeTerms, termsNotFound } from './rules.ts';

export const describeTermsHandler: Handler<'DescribeTerms'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  const row = await store.terms.get(input.UserPoolId, input.TermsId);
  if (!row) throw termsNotFound(input.TermsId);
  return { Terms: describeTerms(row) };
};
