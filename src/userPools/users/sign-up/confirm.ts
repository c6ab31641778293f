/**
 * Confirming a sign-up: UNCONFIRMED → CONFIRMED, shared by ConfirmSignUp and AdminConfirmSignUp.
 * A confirmation by code also verifies the attribute the code went to, which may make it a
 * sign-in alias (and so collide with another user's).
 */
import { errors } from '../../../errors.ts';
import type { Repos } from '../../../storage/store.ts';
import type { UserRow } from '../store.ts';
import type { PoolView } from '../../pools/pool-config.ts';
import { changeUser, claimAliases } from '../directory/save.ts';
import { stateOf } from '../state.ts';

export function assertConfirmable(user: UserRow): void {
  if (user.status !== 'UNCONFIRMED') {
    throw errors.notAuthorized(`User cannot be confirmed. Current status is ${user.status}`);
  }
}

/** The user as confirmed; `verified` says whether the code's destination is now verified. */
export function confirmedUser(user: UserRow, verified: boolean, now: number): UserRow {
  const { signUpCodeSentTo, ...state } = stateOf(user);
  const attributes = verified && signUpCodeSentTo ? { ...user.attributes, [`${signUpCodeSentTo}_verified`]: 'true' } : user.attributes;
  return { ...user, status: 'CONFIRMED', attributes, state: { ...state }, updatedAt: now };
}

/**
 * Confirms the user in `tx`: the status moves from UNCONFIRMED under the user's row lock, so of
 * concurrent confirmations (by code, by an administrator, on any node) one does and the others
 * are refused as for a confirmed user.
 */
export async function writeConfirmation(tx: Repos, pool: PoolView, user: UserRow, verified: boolean, forceAlias: boolean, now: number): Promise<void> {
  await claimAliases(tx, pool, confirmedUser(user, verified, now), forceAlias, now);
  await changeUser(tx, pool, user.id, (current) => {
    assertConfirmable(current);
    return confirmedUser(current, verified, now);
  });
  await tx.codes.delete(user.id, 'signup');
}
