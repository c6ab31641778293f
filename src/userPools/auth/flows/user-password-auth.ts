/**
 * USER_PASSWORD_AUTH, and its admin forms ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH: the
 * password arrives in the request and is checked against the SRP verifier.
 */
import { optionalParameter, requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { clearFailures, recordFailure, reserveAttempt } from '../lockout.ts';
import { checkPassword, completeSignIn, findCandidate, incorrectPassword, refuseBeforePassword, subjectOf } from '../sign-in.ts';

export async function userPasswordAuth(call: AuthCall, parameters: ParameterMap): Promise<AuthStep> {
  const username = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const candidate = await findCandidate(call, username, parameters.SECRET_HASH);
  if (candidate.user) refuseBeforePassword(call, candidate.user);

  const { store, clock } = call.services;
  const now = clock.now();
  const subject = subjectOf(candidate);
  await reserveAttempt(store, subject, clock);
  if (!checkPassword(call, candidate, password)) {
    await recordFailure(store, subject, now);
    throw incorrectPassword();
  }
  return completeSignIn(call, candidate.user!, now, (tx) => clearFailures(tx, subject), optionalParameter(parameters, 'DEVICE_KEY'));
}
