import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { checkScopes, describeResourceServer, resourceServerNotFound } from './rules.ts';

/** A replacement, as Cognito's: name and the whole scope list (none sent: no scopes). */
export const updateResourceServer: Handler<'UpdateResourceServer'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const scopes = checkScopes(input.Scopes);
  await requirePoolRow(store, input.UserPoolId);
  const current = await store.resourceServers.get(input.UserPoolId, input.Identifier);
  if (!current) throw resourceServerNotFound(input.Identifier);
  const row = { ...current, name: input.Name, scopes, updatedAt: clock.now() };
  if (!(await store.resourceServers.update(row))) throw resourceServerNotFound(input.Identifier);
  return { ResourceServer: describeResourceServer(row) };
};
