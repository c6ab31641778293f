import type { DeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { authenticate } from './access.ts';

/**
 * The signed-in user deletes their own account. Indexes, codes and memberships go with the row;
 * the user's refresh tokens then fail with "User does not exist.".
 */
export const deleteUser: Handler<DeleteUserRequest, Record<string, never>> = async (input, ctx) => {
  const { store } = ctx.services;
  const { pool, user } = await authenticate(ctx, input.AccessToken!);
  await store.transaction(async (tx) => {
    // Counted once, by the one delete that removed the row (a concurrent one removes nothing).
    if (await tx.users.delete(user.id)) await tx.pools.adjustUserCount(pool.id, -1);
  });
  return {};
};
