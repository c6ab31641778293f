/**
 * USER_AUTH, choice-based sign-in (the client needs ALLOW_USER_AUTH): PREFERRED_CHALLENGE
 * names the first factor — PASSWORD (with PASSWORD: as USER_PASSWORD_AUTH), PASSWORD_SRP (with
 * SRP_A: PASSWORD_VERIFIER, as USER_SRP_AUTH), EMAIL_OTP / SMS_OTP (a code is sent), WEB_AUTHN
 * (passkey request options) — among the factors the pool's AllowedFirstAuthFactors allow and
 * the user has. Without one, or with one the user cannot use, SELECT_CHALLENGE lists
 * AvailableChallenges. Each path ends in the next-step pipeline; after a passwordless factor
 * no MFA follows. With ConfirmSignUp's Session, the sign-up code is the first factor
 * (sign-up-session.ts).
 */
import { errors } from '../../../errors.ts';
import type { Repos } from '../../../storage/store.ts';
import type { UserRow } from '../../users/store.ts';
import { optionalParameter, requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { availableChallenges, composeOtp, isFirstFactor, otpChallenge, simulatedFirstFactor, webAuthnChallenge, type FirstFactor } from '../first-factors.ts';
import { preAuthentication } from '../../triggers/lifecycle.ts';
import type { UnknownUser } from '../unknown-users.ts';
import { issueSession } from '../session.ts';
import { signInAfterSignUp } from '../sign-up-session.ts';
import { findCandidate, refuseBeforePassword } from '../sign-in.ts';
import { userPasswordAuth } from './user-password-auth.ts';
import { userSrpAuth } from './user-srp-auth.ts';

export async function userAuth(call: AuthCall, parameters: ParameterMap, session?: string): Promise<AuthStep> {
  // ConfirmSignUp's Session: the confirmation code was the first factor.
  if (session !== undefined) return signInAfterSignUp(call, parameters, session);
  const username = requireParameter(parameters, 'USERNAME');
  const preferred = optionalParameter(parameters, 'PREFERRED_CHALLENGE');
  if (preferred !== undefined && !isFirstFactor(preferred)) {
    throw errors.invalidParameter(`Invalid value for PREFERRED_CHALLENGE: ${preferred}.`);
  }
  const candidate = await findCandidate(call, username, parameters.SECRET_HASH);
  if (candidate.user) refuseBeforePassword(call, candidate.user);
  const { store, clock } = call.services;
  const available = await availableChallenges(store, call.pool, candidate.user, candidate.unknown);
  if (available.length === 0) throw errors.notAuthorized('Incorrect username or password.');
  const now = clock.now();
  const deviceKey = optionalParameter(parameters, 'DEVICE_KEY');

  if (preferred !== undefined && available.includes(preferred)) {
    return startFirstFactor(call, preferred, parameters, candidate.user, now, deviceKey, undefined, candidate.unknown);
  }
  // The user's id, or the stable stand-in of a name the client hides: the answer finds no user and fails as a wrong password would.
  const userId = candidate.user?.id ?? candidate.unknown!.id;
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    Session: issueSession(call, 'SELECT_CHALLENGE', userId, now, { deviceKey, available }),
    ChallengeParameters: {},
    AvailableChallenges: available,
  };
}

/**
 * Starts `factor` for `user` (undefined: an unknown name the client hides, `unknown` its
 * stand-in, whose passwordless factors are simulated). `spend`: the writes of the step that led
 * here (the SELECT_CHALLENGE session's nonce), committed with the challenge it issues.
 */
export async function startFirstFactor(
  call: AuthCall, factor: FirstFactor, parameters: ParameterMap, user: UserRow | undefined, now: number,
  deviceKey: string | undefined, spend?: (tx: Repos) => Promise<void>, unknown?: UnknownUser,
): Promise<AuthStep> {
  const { store } = call.services;
  if (factor === 'PASSWORD' || factor === 'PASSWORD_SRP') {
    if (spend) await store.transaction(spend);
    return factor === 'PASSWORD' ? userPasswordAuth(call, parameters) : userSrpAuth(call, parameters);
  }
  if (!user) {
    if (!unknown) throw errors.notAuthorized('Incorrect username or password.');
    if (spend) await store.transaction(spend);
    return simulatedFirstFactor(call, factor, requireParameter(parameters, 'USERNAME'), unknown, now);
  }
  // A passwordless factor's sign-in attempt, as the password factors' flows do before their check.
  await preAuthentication(call.origin, call.pool, user);
  const composed = factor === 'WEB_AUTHN' ? undefined : await composeOtp(call, user, factor);
  const step = await store.transaction(async (tx) => {
    if (spend) await spend(tx);
    return factor === 'WEB_AUTHN'
      ? webAuthnChallenge(tx, call.services, call, user, now, deviceKey)
      : otpChallenge(tx, call, user, factor, now, deviceKey, composed!);
  });
  if (factor !== 'WEB_AUTHN') call.services.notifyOutbox();
  return step;
}
