/**
 * New password required: a user signing in with the temporary password of AdminCreateUser (or
 * AdminSetUserPassword without Permanent) is challenged with NEW_PASSWORD_REQUIRED
 * (challenges/new-password-required.ts answers it), unless the temporary password has expired
 * (TemporaryPasswordValidityDays). A passwordless first factor (an emailed or texted code, a
 * passkey) is carried through the challenge's Session, so that its answer skips MFA as the
 * factor itself would have.
 */
import { errors } from '../../../errors.ts';
import { stateOf } from '../../users/state.ts';
import type { Step } from '../next-step.ts';
import { issueSession } from '../session.ts';

const DAY_MS = 86_400_000;
export const ATTRIBUTE_PREFIX = 'userAttributes.';

export const newPasswordStep: Step = async (_tx, call, { user, now, deviceKey, passwordless }) => {
  if (user.status !== 'FORCE_CHANGE_PASSWORD') return undefined;
  const issuedAt = stateOf(user).temporaryPasswordIssuedAt;
  if (issuedAt !== undefined && now > issuedAt + call.pool.temporaryPasswordValidityDays * DAY_MS) {
    return { refuse: errors.notAuthorized('Temporary password has expired and must be reset by an administrator.') };
  }
  const readable = call.client.readAttributes?.length ? new Set(call.client.readAttributes) : undefined;
  const userAttributes = Object.fromEntries(Object.entries(user.attributes)
    .filter(([name]) => name !== 'sub' && (!readable || readable.has(name))));
  const missing = call.pool.requiredAttributes.filter((name) => !user.attributes[name]);
  return {
    challenge: {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      // After a passwordless first factor the session says so: the answer is not followed by MFA either.
      Session: issueSession(call, 'NEW_PASSWORD_REQUIRED', user.id, now, { deviceKey, firstFactor: passwordless }),
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(missing.map((name) => ATTRIBUTE_PREFIX + name)),
        userAttributes: JSON.stringify(userAttributes),
      },
    },
  };
};
