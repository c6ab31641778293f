import type { Handler } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { setPassword } from '../credentials.ts';
import { requireUser } from './lookup.ts';
import { changeUser } from './save.ts';
import { stateOf } from '../state.ts';

/** Permanent → CONFIRMED; otherwise a temporary password (FORCE_CHANGE_PASSWORD, with its expiry clock). */
export const adminSetUserPassword: Handler<'AdminSetUserPassword'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const now = clock.now();
  // The verifier is computed outside the transaction (it is the costly part); the fields this
  // operation owns are then set on the row as it is under the lock.
  const { credentialsEnc } = setPassword(ctx.services, pool, user, input.Password);
  await store.transaction(async (tx) => {
    await changeUser(tx, pool, user.id, (current) => {
      const { temporaryPasswordIssuedAt: _previous, ...state } = stateOf(current);
      return {
        ...current,
        credentialsEnc,
        status: input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
        state: input.Permanent ? { ...state } : { ...state, temporaryPasswordIssuedAt: now },
        updatedAt: now,
      };
    });
    // A password set by the administrator ends any reset in progress.
    await tx.codes.delete(user.id, 'forgot');
  });
  return {};
};
