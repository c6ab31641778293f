import { errors } from '../../errors.ts';
import { UniqueViolation } from '../../storage/store.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { checkScopes, describeResourceServer, MAX_RESOURCE_SERVERS } from './rules.ts';

/** Counted and inserted under the pool's row lock, so racing creations cannot pass the limit. */
export const createResourceServer: Handler<'CreateResourceServer'> = async (input, ctx) => {
  const { store, clock, caches } = ctx.services;
  const now = clock.now();
  const row = {
    poolId: input.UserPoolId, identifier: input.Identifier, name: input.Name, scopes: checkScopes(input.Scopes),
    createdAt: now, updatedAt: now,
  };
  try {
    await store.transaction(async (tx) => {
      await requirePoolRow(tx, input.UserPoolId, 'update');
      if (await tx.resourceServers.get(input.UserPoolId, input.Identifier)) {
        throw errors.invalidParameter(`${input.Identifier} already exists in user pool ${input.UserPoolId}.`);
      }
      if (await tx.resourceServers.count(input.UserPoolId) >= MAX_RESOURCE_SERVERS) {
        throw errors.limitExceeded(`The user pool has reached its limit of ${MAX_RESOURCE_SERVERS} resource servers.`);
      }
      try {
        await tx.resourceServers.insert(row);
      } catch (e) {
        if (e instanceof UniqueViolation) throw errors.invalidParameter(`${input.Identifier} already exists in user pool ${input.UserPoolId}.`);
        throw e;
      }
    });
  } finally {
    caches.customScopes.forget(input.UserPoolId);
  }
  return { ResourceServer: describeResourceServer(row) };
};
