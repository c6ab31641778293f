import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { resourceServerNotFound } from './rules.ts';

export const deleteResourceServer: Handler<'DeleteResourceServer'> = async (input, ctx) => {
  const { store, caches } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  try {
    if (!(await store.resourceServers.delete(input.UserPoolId, input.Identifier))) throw resourceServerNotFound(input.Identifier);
  } finally {
    caches.customScopes.forget(input.UserPoolId);
  }
  return {};
};
