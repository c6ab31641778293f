import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { noSuchDomain } from './domain-rules.ts';

export const deleteUserPoolDomain: Handler<'DeleteUserPoolDomain'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  if (!(await store.domains.delete(input.UserPoolId, input.Domain))) throw noSuchDomain();
  return {};
};
