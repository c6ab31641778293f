import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { setPassword } from './credentials.ts';
import { requireUser } from './lookup.ts';
import { saveUser } from './save.ts';
import { stateOf } from './state.ts';

/** Permanent → CONFIRMED; otherwise a temporary password (FORCE_CHANGE_PASSWORD, with its expiry clock). */
export const adminSetUserPassword: Handler<'AdminSetUserPassword'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const now = clock.now();
  const { temporaryPasswordIssuedAt: _previous, ...state } = stateOf(user);
  const updated = setPassword(ctx.services, pool, {
    ...user,
    status: input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
    state: input.Permanent ? { ...state } : { ...state, temporaryPasswordIssuedAt: now },
    updatedAt: now,
  }, input.Password);
  await store.transaction(async (tx) => {
    await saveUser(tx, pool, updated);
    // A password set by the administrator ends any reset in progress.
    await tx.codes.delete(user.id, 'forgot');
  });
  return {};
};
