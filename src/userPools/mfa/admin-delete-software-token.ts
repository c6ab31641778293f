/**
 * AdminDeleteSoftwareToken: the user's software tokens (verified and pending) are deleted and
 * TOTP is turned off for them, in one transaction under the user's row lock; they can associate
 * a new one. A user without a token is left as they are.
 */
import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { changeUser } from '../users/directory/save.ts';
import { applySetting } from './preferences.ts';

export const adminDeleteSoftwareToken: Handler<'AdminDeleteSoftwareToken'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  await store.transaction(async (tx) => {
    await changeUser(tx, pool, user.id, (current) => ({
      ...current, state: applySetting(current.state, 'SOFTWARE_TOKEN_MFA', { enabled: false }), updatedAt: clock.now(),
    }));
    await tx.softwareTokens.deleteOf(user.id);
  });
  return {};
};
