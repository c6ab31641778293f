/**
 * USER_AUTH's answers: SELECT_CHALLENGE (ANSWER, one of the AvailableChallenges, with PASSWORD
 * or SRP_A inline for the password factors) and WEB_AUTHN (CREDENTIAL, the passkey's assertion
 * as JSON). The assertion is checked with `@simplewebauthn/server` against the challenge the
 * sealed Session carries, the relying party and origin, the credential the user registered and
 * the configured user verification; the session's nonce and the credential's sign counter are
 * spent in the pipeline's transaction (one conditional update each), so of identical
 * concurrent answers one signs in.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { errors } from '../../../errors.ts';
import { clientDataOf, originAllowed, passkeyIsMfa, relyingPartyId, userVerificationOf, webAuthn } from '../../passkeys/relying-party.ts';
import { optionalParameter, requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { isFirstFactor } from '../first-factors.ts';
import { startFirstFactor } from '../flows/user-auth.ts';
import { nextStep } from '../next-step.ts';
import { invalidSession, isHiddenStandIn, openSession, spendOnce } from '../session.ts';
import { deriveUnknownUser } from '../unknown-users.ts';
import { sessionUser } from './session-user.ts';

export async function answerSelectChallenge(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'SELECT_CHALLENGE', now);
  const answer = requireParameter(responses, 'ANSWER');
  if (!isFirstFactor(answer) || !(session.available ?? []).includes(answer)) {
    throw errors.invalidParameter(`Invalid value for ANSWER: ${answer} is not one of AvailableChallenges.`);
  }
  const spend = (tx: Parameters<typeof spendOnce>[0]) => spendOnce(tx, session.nonce, session.expiresAt);
  const known = await store.users.get(session.userId);
  if (!known) {
    // A name the client hides: the password factors fail as for any wrong password, the others are simulated.
    if (call.client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound('User does not exist.');
    const unknown = await deriveUnknownUser(call.services, call.pool, requireParameter(responses, 'USERNAME'));
    if (unknown.id !== session.userId) throw invalidSession();
    return startFirstFactor(call, answer, responses, undefined, now, session.deviceKey, spend, unknown);
  }
  const user = await sessionUser(call, session, responses);
  const parameters: ParameterMap = { ...responses };
  if (session.deviceKey && !optionalParameter(parameters, 'DEVICE_KEY')) parameters.DEVICE_KEY = session.deviceKey;
  return startFirstFactor(call, answer, parameters, user, now, session.deviceKey, spend);
}

const notVerified = () => errors.notAuthorized('Incorrect username or password.');

export async function answerWebAuthn(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'WEB_AUTHN', now);
  // The simulated challenge of a name the client hides: no assertion matches it.
  if (await isHiddenStandIn(call, session)) throw notVerified();
  const user = await sessionUser(call, session, responses);
  const raw = requireParameter(responses, 'CREDENTIAL');
  let assertion: AuthenticationResponseJSON;
  try {
    assertion = JSON.parse(raw) as AuthenticationResponseJSON;
  } catch {
    throw errors.invalidParameter('Invalid value for CREDENTIAL: not a JSON document.');
  }
  if (typeof assertion !== 'object' || assertion === null || typeof assertion.id !== 'string') {
    throw errors.invalidParameter('Invalid value for CREDENTIAL: not a WebAuthn assertion.');
  }
  const rpID = relyingPartyId(call.pool, call.services);
  if (!rpID) throw notVerified();
  const clientData = clientDataOf(assertion);
  if (clientData.type !== 'webauthn.get' || !session.webAuthnChallenge || clientData.challenge !== session.webAuthnChallenge) {
    throw invalidSession();
  }
  // RespondToAuthChallenge declares no WebAuthn exceptions: a foreign origin or relying party is a failed sign-in.
  if (!originAllowed(clientData.origin, rpID)) throw notVerified();
  const origin = clientData.origin;
  const credential = await store.webAuthnCredentials.get(assertion.id);
  // A credential of another user, or none: the same answer as a wrong signature.
  if (!credential || credential.userId !== user.id) throw notVerified();
  if (credential.relyingPartyId !== rpID) throw notVerified();
  const { verifyAuthenticationResponse } = await webAuthn();
  let newCounter: number;
  try {
    const verified = await verifyAuthenticationResponse({
      response: assertion, expectedChallenge: session.webAuthnChallenge, expectedOrigin: origin, expectedRPID: rpID,
      credential: {
        id: credential.credentialId, publicKey: Buffer.from(credential.publicKey, 'base64url'),
        counter: credential.signCount, transports: credential.transports as never,
      },
      requireUserVerification: userVerificationOf(call.pool) === 'required',
    });
    if (!verified.verified) throw notVerified();
    newCounter = verified.authenticationInfo.newCounter;
  } catch {
    throw notVerified();
  }
  // In a pool that requires MFA the passkey stands in for it only where it counts as MFA
  // (first-factors.ts offers it only then); otherwise the pipeline's MFA step follows.
  return nextStep(call, {
    user, now, passwordless: call.pool.mfaConfiguration !== 'ON' || passkeyIsMfa(call.pool, user), deviceKey: session.deviceKey,
    writes: async (tx) => {
      await spendOnce(tx, session.nonce, session.expiresAt);
      // A counter that did not move on (a cloned authenticator, or a concurrent use) refuses the sign-in.
      if (!(await tx.webAuthnCredentials.claimCounter(credential.credentialId, newCounter))) throw notVerified();
    },
  });
}
