/**
 * The user a challenge's answer is for: the one its Session names, provided the answer's
 * USERNAME names them too (username, alias or sub) and its SECRET_HASH checks out; a disabled
 * user is refused. Every challenge answered after the first factor starts here.
 */
import { errors } from '../../../errors.ts';
import { checkSecretHash } from '../../clients/secret-hash.ts';
import { findUser } from '../../users/directory/lookup.ts';
import type { UserRow } from '../../users/store.ts';
import { requireParameter, type AuthCall, type ParameterMap } from '../call.ts';
import { invalidSession, type ChallengeSession } from '../session.ts';

export async function sessionUser(call: AuthCall, session: ChallengeSession, responses: ParameterMap): Promise<UserRow> {
  const { store, vault } = call.services;
  const username = requireParameter(responses, 'USERNAME');
  const user = await store.users.get(session.userId);
  if (!user || user.poolId !== call.pool.id) throw errors.userNotFound('User does not exist.');
  if (call.pool.usernameKey(username) !== user.usernameKey && (await findUser(store, call.pool, username))?.id !== user.id) {
    throw invalidSession();
  }
  checkSecretHash(call.client, vault, [username, user.username], responses.SECRET_HASH);
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  return user;
}
