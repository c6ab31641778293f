import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePool } from './load.ts';

/** Removes the pool; its clients, users, groups and codes go with it (the schema cascades). */
export const deleteUserPool: Handler<'DeleteUserPool'> = async (input, ctx) => {
  const { store } = ctx.services;
  await store.transaction(async (tx) => {
    const pool = await requirePool(tx, input.UserPoolId);
    if (pool.config.DeletionProtection === 'ACTIVE') {
      throw errors.invalidParameter(
        'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
      );
    }
    await tx.pools.delete(pool.id);
  });
  return {};
};
