import type { Handler } from '../context.ts';
import { describeClient } from './client-config.ts';
import { ClientView } from './client-view.ts';
import { requirePoolClient } from './load.ts';

export const describeUserPoolClient: Handler<'DescribeUserPoolClient'> = async (input, ctx) => {
  const { store, vault } = ctx.services;
  const row = await requirePoolClient(store, input.UserPoolId, input.ClientId);
  return { UserPoolClient: describeClient(row, new ClientView(row).secret(vault)) };
};
