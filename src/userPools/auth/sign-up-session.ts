/**
 * Sign-in right after sign-up (Cognito's `Session` on SignUp, ConfirmSignUp and USER_AUTH's
 * InitiateAuth / AdminInitiateAuth). SignUp answers a user who must confirm with a `signUp`
 * session, which ConfirmSignUp may be given back (it must then be this client's, for this user);
 * ConfirmSignUp answers with a `confirmed` session, which USER_AUTH takes in place of a first
 * factor: the confirmation code the user just proved was the one-time password (EMAIL_OTP or
 * SMS_OTP, where the code went), so no MFA follows, as after any passwordless factor. The
 * `confirmed` session lives the client's AuthSessionValidity and signs in once (its nonce is
 * spent in the pipeline's transaction). Both are sealed blobs, like the challenge sessions, under
 * their own seal context, so neither can stand for the other or for a challenge's session.
 */
import { randomUUID } from 'node:crypto';
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';
import { optionalParameter, requireParameter, type AuthCall, type AuthStep, type ParameterMap } from './call.ts';
import { nextStep } from './next-step.ts';
import { findCandidate } from './sign-in.ts';
import { invalidSession, sessionExpired, spendOnce } from './session.ts';
import { stateRefusal } from './steps/account.ts';

type Stage = 'signUp' | 'confirmed';

interface SignUpSession {
  stage: Stage;
  userId: string;
  poolId: string;
  clientId: string;
  nonce: string;
  expiresAt: number;
}

const SEAL_CONTEXT = 'sign-up-session';

export function issueSignUpSession(
  services: Services, poolId: string, client: Pick<ClientView, 'id'>, userId: string, stage: Stage, expiresAt: number,
): string {
  const session: SignUpSession = { stage, userId, poolId, clientId: client.id, nonce: randomUUID(), expiresAt };
  return services.vault.seal(JSON.stringify(session), SEAL_CONTEXT);
}

/** A session of `stage` this server sealed for `poolId`'s client `clientId`, not expired (else NotAuthorizedException). */
export function openSignUpSession(services: Services, sealed: string, stage: Stage, poolId: string, clientId: string, now: number): SignUpSession {
  let session: SignUpSession;
  try {
    session = JSON.parse(services.vault.openString(sealed, SEAL_CONTEXT)) as SignUpSession;
  } catch {
    throw invalidSession();
  }
  if (session.stage !== stage || session.poolId !== poolId || session.clientId !== clientId) throw invalidSession();
  if (session.expiresAt <= now) throw sessionExpired();
  return session;
}

/**
 * USER_AUTH with ConfirmSignUp's Session: the user it names (by USERNAME, with SECRET_HASH as
 * usual) signs in without another factor, once; a session of another user, client or pool,
 * spent or expired, is NotAuthorizedException.
 */
export async function signInAfterSignUp(call: AuthCall, parameters: ParameterMap, sealed: string): Promise<AuthStep> {
  const username = requireParameter(parameters, 'USERNAME');
  const now = call.services.clock.now();
  const session = openSignUpSession(call.services, sealed, 'confirmed', call.pool.id, call.client.id, now);
  const candidate = await findCandidate(call, username, parameters.SECRET_HASH);
  const user = candidate.user;
  if (!user || user.id !== session.userId) throw invalidSession();
  const refusal = stateRefusal(user);
  if (refusal) throw refusal;
  if (user.status !== 'CONFIRMED') throw invalidSession();
  return nextStep(call, {
    user, now, passwordless: true, deviceKey: optionalParameter(parameters, 'DEVICE_KEY'),
    writes: (tx) => spendOnce(tx, session.nonce, session.expiresAt),
  });
}

/** Checks ConfirmSignUp's optional Session (SignUp's, for this client and user) before the code is. */
export function checkSignUpSession(services: Services, sealed: string | undefined, poolId: string, clientId: string, userId: string, now: number): void {
  if (sealed === undefined) return;
  const session = openSignUpSession(services, sealed, 'signUp', poolId, clientId, now);
  if (session.userId !== userId) throw invalidSession();
}
