import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { assertConfirmable, confirmedUser, writeConfirmation } from './confirm.ts';
import { postConfirmation } from '../../triggers/lifecycle.ts';
import { requireUser } from '../directory/lookup.ts';

/** Confirms without a code, so nothing becomes verified. */
export const adminConfirmSignUp: Handler<'AdminConfirmSignUp'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  assertConfirmable(user);
  const now = clock.now();
  await store.transaction((tx) => writeConfirmation(tx, pool, user, false, false, now));
  await postConfirmation({ ctx, clientMetadata: input.ClientMetadata }, pool, 'ConfirmSignUp', confirmedUser(user, false, now));
  return {};
};
