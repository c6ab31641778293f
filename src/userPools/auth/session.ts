/**
 * Challenge sessions: the `Session` string that carries a sign-in from one challenge to the
 * next. It is a sealed, self-describing blob (which challenge, which user, pool and app client,
 * until when), so no session table is needed; it expires after the client's
 * AuthSessionValidity and is spent once, through a used-nonce record shared by every node.
 * AssociateSoftwareToken and VerifySoftwareToken take an MFA_SETUP session without naming the
 * client: `openSessionOf` finds the pool and client in the session itself.
 */
import { randomUUID } from 'node:crypto';
import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import type { AuthCall } from './call.ts';

export interface ChallengeSession {
  challenge: ChallengeNameType;
  /** The user's sub. */
  userId: string;
  poolId: string;
  clientId: string;
  nonce: string;
  expiresAt: number;
  /** What the sign-in carries from step to step (next-step.ts's Progress). */
  deviceKey?: string | undefined;
  /** MFA_SETUP: how far the set-up got (`associated`: a token awaits verification; `verified`). */
  stage?: 'associated' | 'verified' | undefined;
  /** MFA_SETUP: the software token being set up. */
  tokenId?: string | undefined;
  /** EMAIL_OTP during MFA_SETUP: the address being set up, which a right code verifies. */
  email?: string | undefined;
  /** EMAIL_OTP / SMS_OTP issued by USER_AUTH: the code is the first factor, not MFA; NEW_PASSWORD_REQUIRED: the first factor was passwordless. */
  firstFactor?: boolean | undefined;
  /** WEB_AUTHN: the challenge of CREDENTIAL_REQUEST_OPTIONS, which the assertion must sign. */
  webAuthnChallenge?: string | undefined;
  /** SELECT_CHALLENGE: the AvailableChallenges offered. */
  available?: string[] | undefined;
  /** DEVICE_PASSWORD_VERIFIER: the id of the sealed SECRET_BLOCK (the device SRP's state) the session goes with. */
  deviceBlock?: string | undefined;
}

/** Facts of the sign-in a session carries to the next step. */
export type SessionFacts = Pick<ChallengeSession, 'deviceKey' | 'stage' | 'tokenId' | 'email' | 'firstFactor' | 'webAuthnChallenge' | 'available' | 'deviceBlock'>;

const SEAL_CONTEXT = 'auth-session';

export const sessionExpired = () => errors.notAuthorized('Invalid session for the user, session is expired.');
export const invalidSession = () => errors.notAuthorized('Invalid session for the user.');

/** When a challenge issued at `now` stops being answerable. */
export const sessionDeadline = (call: AuthCall, now: number): number => now + call.client.authSessionValidityMinutes * 60_000;

export function issueSession(call: AuthCall, challenge: ChallengeNameType, userId: string, now: number, facts: SessionFacts = {}): string {
  const session: ChallengeSession = {
    challenge, userId, poolId: call.pool.id, clientId: call.client.id, nonce: randomUUID(), expiresAt: sessionDeadline(call, now),
    ...Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)),
  };
  return call.services.vault.seal(JSON.stringify(session), SEAL_CONTEXT);
}

/**
 * A session this server sealed, for `challenge`, not expired; for the pool and client of `call`
 * when given, else for whichever client it names (the caller then acts for that one).
 */
export function openSessionOf(
  services: Services, sealed: string | undefined, challenge: ChallengeNameType, now: number, call?: AuthCall,
): ChallengeSession {
  if (!sealed) throw errors.invalidParameter('Missing required parameter Session');
  let session: ChallengeSession;
  try {
    session = JSON.parse(services.vault.openString(sealed, SEAL_CONTEXT)) as ChallengeSession;
  } catch {
    throw invalidSession();
  }
  if (call && (session.poolId !== call.pool.id || session.clientId !== call.client.id)) throw invalidSession();
  if (session.challenge !== challenge) throw invalidSession();
  if (session.expiresAt <= now) throw sessionExpired();
  return session;
}

/** The session of an answer to `challenge`: sealed by us for this pool and client, for that challenge, not expired. */
export const openSession = (call: AuthCall, sealed: string | undefined, challenge: ChallengeNameType, now: number): ChallengeSession =>
  openSessionOf(call.services, sealed, challenge, now, call);

/** Whether a challenge's Session names the stand-in of an unknown name (USER_AUTH), for a client that hides users. */
export async function isHiddenStandIn(call: AuthCall, session: ChallengeSession): Promise<boolean> {
  return call.client.preventUserExistenceErrors === 'ENABLED' && (await call.services.store.users.get(session.userId)) === undefined;
}

/**
 * Spends a single-use value (a session's or a secret block's nonce). Call it inside the
 * transaction that completes the step, so a failed step leaves it usable.
 */
export async function spendOnce(repos: Repos, nonce: string, expiresAt: number): Promise<void> {
  if (!(await repos.usedNonces.consume(nonce, expiresAt))) {
    throw errors.notAuthorized('Invalid session for the user, session can only be used once.');
  }
}
