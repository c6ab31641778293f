/**
 * CUSTOM_CHALLENGE's answer: the session is spent first (one atomic statement: of concurrent
 * answers to one challenge, one goes on), then VerifyAuthChallengeResponse judges ANSWER against
 * the private parameters, the result joins the history, and Define says what follows.
 */
import { errors } from '../../../errors.ts';
import { checkSecretHash } from '../../clients/secret-hash.ts';
import { findUser } from '../../users/directory/lookup.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { nextCustomStep, openCustomSession, subjectOfSession, verifyAnswer, type ChallengeResult } from '../custom-auth.ts';
import { sessionExpired, spendOnce } from '../session.ts';
import { refuseBeforePassword } from '../sign-in.ts';

export async function answerCustomChallenge(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, vault, clock } = call.services;
  const session = openCustomSession(call, sealed, 'CUSTOM_CHALLENGE');
  if (session.expiresAt <= clock.now()) throw sessionExpired();
  const username = requireParameter(responses, 'USERNAME');
  const answer = requireParameter(responses, 'ANSWER');
  const subject = await subjectOfSession(call, session);
  const { pool } = call;
  if (subject.user) {
    const user = subject.user;
    if (pool.usernameKey(username) !== user.usernameKey && pool.usernameKey(username) !== pool.usernameKey(session.username)
      && (await findUser(store, pool, username))?.id !== user.id) {
      throw errors.notAuthorized('Invalid session for the user.');
    }
    checkSecretHash(call.client, vault, [username, user.username, session.username], responses.SECRET_HASH);
  } else {
    if (pool.usernameKey(username) !== pool.usernameKey(session.username)) throw errors.notAuthorized('Invalid session for the user.');
    checkSecretHash(call.client, vault, [username, session.username], responses.SECRET_HASH);
  }
  // Disabled (or otherwise refused) since the flow began: refused before the session is spent.
  if (subject.user) refuseBeforePassword(call, subject.user);
  await spendOnce(store, session.nonce, session.expiresAt);
  const correct = await verifyAnswer(call, subject, session, answer);
  const result: ChallengeResult = {
    challengeName: 'CUSTOM_CHALLENGE', challengeResult: correct,
    ...(session.metadata !== undefined ? { challengeMetadata: session.metadata } : {}),
  };
  return nextCustomStep(call, subject, [...session.history, result], true, async () => {
    throw errors.invalidLambdaResponse('Unrecognizable lambda output');
  });
}
