import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { listPage } from '../pools/pagination.ts';
import { describeResourceServer } from './rules.ts';

export const listResourceServers: Handler<'ListResourceServers'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  const page = await listPage(input.MaxResults ?? 50, input.NextToken, (p) => store.resourceServers.list(input.UserPoolId, p));
  return { ResourceServers: page.items.map(describeResourceServer), ...(page.next ? { NextToken: page.next } : {}) };
};
