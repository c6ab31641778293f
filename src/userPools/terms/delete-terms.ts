import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { termsNotFound } from './rules.ts';

export const deleteTerms: Handler<'DeleteTerms'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  if (!(await store.terms.delete(input.UserPoolId, input.TermsId))) throw termsNotFound(input.TermsId);
  return {};
};
