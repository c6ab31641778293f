/**
 * NEW_PASSWORD_REQUIRED: a user signing in with the temporary password of AdminCreateUser (or
 * AdminSetUserPassword without Permanent) chooses a password, filling the pool's required
 * attributes they lack. The temporary password itself expires after TemporaryPasswordValidityDays.
 */
import { errors } from '../../../errors.ts';
import type { UserRow } from '../../users/store.ts';
import { checkSecretHash } from '../../clients/secret-hash.ts';
import { applyAttributeChanges, checkAttributeWrites, checkRequiredAttributes, type Attributes } from '../../users/directory/attributes.ts';
import { setPassword } from '../../users/credentials.ts';
import { findUser } from '../../users/directory/lookup.ts';
import { changeUser } from '../../users/directory/save.ts';
import { stateOf } from '../../users/state.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { issueSession, openSession, spendOnce } from '../session.ts';
import { tokensFor } from '../tokens-step.ts';

const DAY_MS = 86_400_000;
const PREFIX = 'userAttributes.';

/** The challenge, once the temporary password proved right. */
export function startNewPasswordChallenge(call: AuthCall, user: UserRow, now: number): AuthStep {
  const issuedAt = stateOf(user).temporaryPasswordIssuedAt;
  if (issuedAt !== undefined && now > issuedAt + call.pool.temporaryPasswordValidityDays * DAY_MS) {
    throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.');
  }
  const readable = call.client.readAttributes?.length ? new Set(call.client.readAttributes) : undefined;
  const userAttributes = Object.fromEntries(Object.entries(user.attributes)
    .filter(([name]) => name !== 'sub' && (!readable || readable.has(name))));
  const missing = call.pool.requiredAttributes.filter((name) => !user.attributes[name]);
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: issueSession(call, 'NEW_PASSWORD_REQUIRED', user.id, now),
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(missing.map((name) => PREFIX + name)),
      userAttributes: JSON.stringify(userAttributes),
    },
  };
}

const invalidSession = () => errors.notAuthorized('Invalid session for the user.');

export async function answerNewPasswordRequired(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, vault, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'NEW_PASSWORD_REQUIRED', now);
  const username = requireParameter(responses, 'USERNAME');
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');

  const user = await store.users.get(session.userId);
  if (!user || user.poolId !== call.pool.id) throw errors.userNotFound('User does not exist.');
  if (call.pool.usernameKey(username) !== user.usernameKey && (await findUser(store, call.pool, username))?.id !== user.id) {
    throw invalidSession();
  }
  checkSecretHash(call.client, vault, [username, user.username], responses.SECRET_HASH);
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');

  const changes: Attributes = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith(PREFIX)) changes[key.slice(PREFIX.length)] = value;
  }
  checkAttributeWrites(call.pool, changes, { admin: false, clientWriteAttributes: call.client.writeAttributes, existing: user.attributes });
  const attributes = applyAttributeChanges(user.attributes, changes);
  checkRequiredAttributes(call.pool, attributes);
  const { credentialsEnc } = setPassword(call.services, call.pool, user, newPassword);

  const written = await store.transaction(async (tx) => {
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
  });
  return tokensFor(call, written, now, 'NewPasswordChallenge');
}
