/**
 * CUSTOM_AUTH, step 1 (custom-auth.ts runs the loop): DefineAuthChallenge with an empty history,
 * or, when AuthParameters carry `CHALLENGE_NAME: SRP_A` and SRP_A, with `[{SRP_A, true}]`, to
 * which Define answers PASSWORD_VERIFIER so that the password is proven before its challenges.
 * InitiateAuth's ClientMetadata is not passed to Define and Create (Cognito's API reference).
 */
import { errors } from '../../../errors.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { nextCustomStep, notConfigured, type ChallengeResult, type CustomSubject } from '../custom-auth.ts';
import { findCandidate, refuseBeforePassword } from '../sign-in.ts';
import { triggerArn } from '../../triggers/invoke.ts';
import { preAuthentication } from '../../triggers/lifecycle.ts';
import { checkSrpA, passwordVerifierChallenge } from './user-srp-auth.ts';

export async function customAuth(call: AuthCall, parameters: ParameterMap): Promise<AuthStep> {
  if (triggerArn(call.pool, 'DefineAuthChallenge') === undefined) throw notConfigured();
  const username = requireParameter(parameters, 'USERNAME');
  // `CHALLENGE_NAME: SRP_A` starts with the password; anything else (CUSTOM_CHALLENGE, none) with Define.
  const withSrp = parameters.CHALLENGE_NAME === 'SRP_A';
  const srpA = withSrp ? requireParameter(parameters, 'SRP_A') : undefined;
  if (srpA !== undefined) checkSrpA(srpA);
  const candidate = await findCandidate(call, username, parameters.SECRET_HASH);
  if (candidate.user) refuseBeforePassword(call, candidate.user);
  // PreAuthentication before Define, as for every user flow (with SRP_A too, once: see passwordVerifierChallenge).
  await preAuthentication(call.origin, call.pool, candidate.user ?? { unknown: username });
  const subject: CustomSubject = candidate.user ? { user: candidate.user, username } : { username };
  const history: ChallengeResult[] = withSrp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
  return nextCustomStep(call, subject, history, false, async (nonce) => {
    if (srpA === undefined) throw errors.invalidLambdaResponse('Unrecognizable lambda output');
    return passwordVerifierChallenge(call, candidate, username, srpA, { nonce });
  });
}
