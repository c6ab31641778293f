/**
 * NEW_PASSWORD_REQUIRED (issued by steps/new-password.ts): a user signing in with a temporary
 * password chooses a password, filling the pool's required attributes they lack. The new
 * password is written in the transaction of whatever follows it (MFA, or the tokens).
 */
import { errors } from '../../../errors.ts';
import { applyAttributeChanges, checkAttributeWrites, checkRequiredAttributes, type Attributes } from '../../users/directory/attributes.ts';
import { setPassword } from '../../users/credentials.ts';
import { changeUser } from '../../users/directory/save.ts';
import { stateOf } from '../../users/state.ts';
import { sessionUser } from './session-user.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { nextStep } from '../next-step.ts';
import { openSession, spendOnce } from '../session.ts';
import { ATTRIBUTE_PREFIX as PREFIX } from '../steps/new-password.ts';

const invalidSession = () => errors.notAuthorized('Invalid session for the user.');

export async function answerNewPasswordRequired(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'NEW_PASSWORD_REQUIRED', now);
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');
  const user = await sessionUser(call, session, responses);

  const changes: Attributes = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith(PREFIX)) changes[key.slice(PREFIX.length)] = value;
  }
  checkAttributeWrites(call.pool, changes, { admin: false, clientWriteAttributes: call.client.writeAttributes, existing: user.attributes });
  const attributes = applyAttributeChanges(user.attributes, changes);
  checkRequiredAttributes(call.pool, attributes);
  const { credentialsEnc } = setPassword(call.services, call.pool, user, newPassword);

  return nextStep(call, {
    user, now, after: 'newPassword', deviceKey: session.deviceKey, source: 'NewPasswordChallenge', passwordless: session.firstFactor,
    writes: async (tx) => {
      await spendOnce(tx, session.nonce, session.expiresAt);
      // On the row as it is under the lock: only a user still waiting for a new password may set one.
      return changeUser(tx, call.pool, user.id, (current) => {
        if (current.status !== 'FORCE_CHANGE_PASSWORD') throw invalidSession();
        const { temporaryPasswordIssuedAt: _done, ...currentState } = stateOf(current);
        return {
          ...current, attributes: applyAttributeChanges(current.attributes, changes), credentialsEnc,
          status: 'CONFIRMED', state: { ...currentState }, updatedAt: now,
        };
      });
    },
  });
}
