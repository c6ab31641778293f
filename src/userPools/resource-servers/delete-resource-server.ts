import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { resourceServerNotFound } from './rules.ts';

export const deleteResourceServer: Handler<'DeleteResourceServer'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  if (!(await store.resourceServers.delete(input.UserPoolId, input.Identifier))) throw resourceServerNotFound(input.Identifier);
  return {};
};
