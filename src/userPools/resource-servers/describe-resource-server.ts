import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { describeResourceServer, resourceServerNotFound } from './rules.ts';

export const describeResourceServerHandler: Handler<'DescribeResourceServer'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  const row = await store.resourceServers.get(input.UserPoolId, input.Identifier);
  if (!row) throw resourceServerNotFound(input.Identifier);
  return { ResourceServer: describeResourceServer(row) };
};
