import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { checkScopes, describeResourceServer, resourceServerNotFound } from './rules.ts';

/** A replacement, as Cognito's: name and the whole scope list (none sent: no scopes). */
export const updateResourceServer: Handler<'UpdateResourceServer'> = async (input, ctx) => {
  const { store, clock, caches } = ctx.services;
  const scopes = checkScopes(input.Scopes);
  await requirePoolRow(store, input.UserPoolId);
  const current = await store.resourceServers.get(input.UserPoolId, input.Identifier);
  if (!current) throw resourceServerNotFound(input.Identifier);
  const row = { ...current, name: input.Name, scopes, updatedAt: clock.now() };
  try {
    if (!(await store.resourceServers.update(row))) throw resourceServerNotFound(input.Identifier);
  } finally {
    caches.customScopes.forget(input.UserPoolId);
  }
  return { ResourceServer: describeResourceServer(row) };
};
