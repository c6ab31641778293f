/**
 * USER_PASSWORD_AUTH, and its admin forms ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH: the
 * password arrives in the request and is checked against the SRP verifier.
 */
import { optionalParameter, requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { clearFailures, recordFailure, reserveAttempt } from '../lockout.ts';
import {
  checkPassword, completeSignIn, findCandidate, incorrectPassword, refuseBeforePassword, subjectOf, type Candidate,
} from '../sign-in.ts';
import { CognitoError } from '../../../errors.ts';
import { hasMigration, migrateUser } from '../../users/migration.ts';
import { preAuthentication } from '../../triggers/lifecycle.ts';

export async function userPasswordAuth(call: AuthCall, parameters: ParameterMap): Promise<AuthStep> {
  const username = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const candidate = await candidateOrMigrated(call, username, password, parameters.SECRET_HASH);
  if (candidate.user) refuseBeforePassword(call, candidate.user);
  // Before the attempt is reserved: a trigger may take seconds.
  await preAuthentication(call.origin, call.pool, candidate.user ?? { unknown: username });

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

/**
 * The user USERNAME names or, when the pool has a UserMigration trigger and no user has that
 * name, the user the trigger migrates (created with this password, then signed in as any user).
 */
async function candidateOrMigrated(call: AuthCall, username: string, password: string, secretHash: string | undefined): Promise<Candidate> {
  let candidate: Candidate | undefined;
  try {
    candidate = await findCandidate(call, username, secretHash);
  } catch (e) {
    if (!(e instanceof CognitoError && e.name === 'UserNotFoundException' && hasMigration(call.pool))) throw e;
  }
  if (candidate?.user) return candidate;
  const migrated = await migrateUser(call.origin, call.pool, username, 'Authentication', password);
  if (migrated) return { user: migrated };
  return candidate!;
}
