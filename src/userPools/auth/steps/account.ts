/**
 * The account's state, the first step after a right password: a client that hides users tells
 * an unconfirmed or disabled user's state only to whoever knows the password (sign-in.ts refused
 * them earlier for the other clients), and a reset-required user must reset.
 */
import { errors } from '../../../errors.ts';
import type { UserRow } from '../../users/store.ts';
import type { Step } from '../next-step.ts';

/** What the user's state refuses (unconfirmed, disabled), whatever the password. */
export function stateRefusal(user: UserRow) {
  if (user.status === 'UNCONFIRMED') return errors.userNotConfirmed('User is not confirmed.');
  if (!user.enabled) return errors.notAuthorized('User is disabled.');
  return undefined;
}

export const resetRequired = () => errors.passwordResetRequired('Password reset required for the user');

export const accountStep: Step = async (_tx, _call, { user }) => {
  const refusal = stateRefusal(user) ?? (user.status === 'RESET_REQUIRED' ? resetRequired() : undefined);
  return refusal ? { refuse: refusal } : undefined;
};
