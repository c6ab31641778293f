import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { listPage } from '../pools/pagination.ts';

export const listUserPoolClients: Handler<'ListUserPoolClients'> = async (input, ctx) => {
  const { store } = ctx.services;
  const poolId = input.UserPoolId;
  await requirePoolRow(store, poolId);
  // Every client here is REGULAR: this server has no dynamic client registration.
  if (input.ClientType === 'DCR') return { UserPoolClients: [] };
  const page = await listPage(input.MaxResults, input.NextToken, (p) => store.clients.list(poolId, p));
  return {
    UserPoolClients: page.items.map((row) => ({ ClientId: row.id, UserPoolId: row.poolId, ClientName: row.name })),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};
