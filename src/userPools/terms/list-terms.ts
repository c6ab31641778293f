import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { listPage } from '../pools/pagination.ts';

export const listTerms: Handler<'ListTerms'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  const limit = input.MaxResults !== undefined && input.MaxResults >= 1 ? Math.min(input.MaxResults, 60) : undefined;
  const page = await listPage(limit, input.NextToken, (p) => store.terms.list(input.UserPoolId, p));
  return {
    Terms: page.items.map((row) => ({
      TermsId: row.id, TermsName: row.name, Enforcement: row.enforcement as 'NONE',
      CreationDate: new Date(row.createdAt), LastModifiedDate: new Date(row.updatedAt),
    })),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};
