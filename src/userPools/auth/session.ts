/**
 * Challenge sessions: the `Session` string that carries a sign-in from one challenge to the
 * next. It is a sealed, self-describing blob (which challenge, which user, until when), bound
 * to the pool and client, so no session table is needed; it expires after the client's
 * AuthSessionValidity and is spent once, through a used-nonce record shared by every node.
 */
import { randomUUID } from 'node:crypto';
import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { AuthCall } from './call.ts';

interface ChallengeSession {
  challenge: ChallengeNameType;
  /** The user's sub. */
  userId: string;
  nonce: string;
  expiresAt: number;
  /** What the sign-in carries from step to step (next-step.ts's Progress). */
  deviceKey?: string | undefined;
}

/** Facts of the sign-in a session carries to the next step. */
export type SessionFacts = Pick<ChallengeSession, 'deviceKey'>;

const sealContext = (call: AuthCall) => `auth-session:${call.pool.id}:${call.client.id}`;

export const sessionExpired = () => errors.notAuthorized('Invalid session for the user, session is expired.');
const invalidSession = () => errors.notAuthorized('Invalid session for the user.');

/** When a challenge issued at `now` stops being answerable. */
export const sessionDeadline = (call: AuthCall, now: number): number => now + call.client.authSessionValidityMinutes * 60_000;

export function issueSession(call: AuthCall, challenge: ChallengeNameType, userId: string, now: number, facts: SessionFacts = {}): string {
  const session: ChallengeSession = {
    challenge, userId, nonce: randomUUID(), expiresAt: sessionDeadline(call, now),
    ...(facts.deviceKey ? { deviceKey: facts.deviceKey } : {}),
  };
  return call.services.vault.seal(JSON.stringify(session), sealContext(call));
}

/** The session of an answer to `challenge`: sealed by us for this client, for that challenge, not expired. */
export function openSession(call: AuthCall, sealed: string | undefined, challenge: ChallengeNameType, now: number): ChallengeSession {
  if (!sealed) throw errors.invalidParameter('Missing required parameter Session');
  let session: ChallengeSession;
  try {
    session = JSON.parse(call.services.vault.openString(sealed, sealContext(call))) as ChallengeSession;
  } catch {
    throw invalidSession();
  }
  if (session.challenge !== challenge) throw invalidSession();
  if (session.expiresAt <= now) throw sessionExpired();
  return session;
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
