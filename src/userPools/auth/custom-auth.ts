/**
 * CUSTOM_AUTH: the loop of the DefineAuthChallenge, CreateAuthChallenge and
 * VerifyAuthChallengeResponse triggers. Define reads the challenges so far (the `session` of its
 * event) and answers the next challenge, tokens or failure; a CUSTOM_CHALLENGE is made by Create,
 * whose public parameters the client gets and whose private ones Verify gets with the answer.
 *
 * The state between steps travels in the Session: sealed for the pool and client (its own
 * associated data, so no other challenge's session opens as one), deflated, valid for the
 * client's AuthSessionValidity and spent once, atomically, before the answer is looked at (so of
 * concurrent answers to one challenge only one is ever verified). It holds the history Define
 * reads, the private parameters Verify reads, and who signs in.
 */
import { randomUUID } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { errors } from '../../errors.ts';
import type { UserRow } from '../users/store.ts';
import { eventAttributes, runTrigger, triggerArn } from '../triggers/invoke.ts';
import { unrecognizable } from '../triggers/sources.ts';
import type { AuthCall, AuthStep, ParameterMap } from './call.ts';
import { sessionDeadline } from './session.ts';
import { completeSignIn, incorrectPassword } from './sign-in.ts';

/** One entry of the events' `session`: a challenge presented and how it went. */
export interface ChallengeResult {
  challengeName: 'SRP_A' | 'PASSWORD_VERIFIER' | 'CUSTOM_CHALLENGE';
  challengeResult: boolean;
  challengeMetadata?: string;
}

/** Who signs in: a user, or (a client hiding user existence) an unknown name the triggers are told of. */
export type CustomSubject = { user: UserRow; username: string } | { user?: undefined; username: string };

export interface CustomSession {
  /** The challenge this session answers. */
  challenge: 'CUSTOM_CHALLENGE' | 'PASSWORD_VERIFIER';
  /** The user's sub, or null for an unknown name (`userNotFound`). */
  userId: string | null;
  /** The name the flow began with. */
  username: string;
  history: ChallengeResult[];
  /** Create's privateChallengeParameters, for Verify. */
  private?: Record<string, string>;
  /** Create's challengeMetadata, recorded with the answer's result. */
  metadata?: string;
  nonce: string;
  expiresAt: number;
}

/**
 * How many challenges (SRP_A and PASSWORD_VERIFIER included) one sign-in may go through. AWS documents no such bound (Define decides,
 * within the session's validity); Alcove keeps one so that the history stays small enough to
 * travel in a Session (at most 2,048 characters).
 */
export const MAX_CHALLENGES = 16;
const MAX_SESSION_CHARS = 2048;

const sealContext = (call: AuthCall) => `custom-auth-session:${call.pool.id}:${call.client.id}`;
const invalidSession = () => errors.notAuthorized('Invalid session for the user.');
export const notConfigured = () => errors.invalidParameter('Custom auth lambda trigger is not configured for the user pool.');

export function sealCustomSession(call: AuthCall, session: CustomSession): string {
  const sealed = call.services.vault.seal(deflateRawSync(Buffer.from(JSON.stringify(session), 'utf8')), sealContext(call));
  // A Session is at most 2,048 characters on the wire: larger private parameters cannot travel.
  if (sealed.length > MAX_SESSION_CHARS) throw unrecognizable();
  return sealed;
}

/** A session sealed by us for this client's custom flow, for `challenge`; expiry checked by the caller. */
export function openCustomSession(call: AuthCall, sealed: string | undefined, challenge: CustomSession['challenge']): CustomSession {
  if (!sealed) throw errors.invalidParameter('Missing required parameter Session');
  let session: CustomSession;
  try {
    session = JSON.parse(inflateRawSync(call.services.vault.open(sealed, sealContext(call))).toString('utf8')) as CustomSession;
  } catch {
    throw invalidSession();
  }
  if (session.challenge !== challenge) throw invalidSession();
  return session;
}

/** The user a session names, as they are now (deleted since: unknown, as on Cognito). */
export async function subjectOfSession(call: AuthCall, session: CustomSession): Promise<CustomSubject> {
  if (session.userId === null) return { username: session.username };
  const user = await call.services.store.users.get(session.userId);
  if (!user || user.poolId !== call.pool.id) {
    if (call.client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound('User does not exist.');
    return { username: session.username };
  }
  return { user, username: session.username };
}

/** What every custom-auth event's request carries: the user's attributes, the client's metadata, userNotFound. */
export function customRequest(call: AuthCall, subject: CustomSubject, withMetadata: boolean): Record<string, unknown> {
  return {
    userAttributes: subject.user ? eventAttributes(call.pool, subject.user) : {},
    ...(withMetadata && call.origin.clientMetadata ? { clientMetadata: call.origin.clientMetadata } : {}),
    ...(subject.user ? {} : { userNotFound: true }),
  };
}

const eventUserName = (subject: CustomSubject): string => subject.user?.username ?? subject.username;

/** Runs a trigger of the loop, which the pool must have. */
async function runLoopTrigger<N extends 'DefineAuthChallenge' | 'CreateAuthChallenge' | 'VerifyAuthChallengeResponse'>(
  call: AuthCall, name: N, subject: CustomSubject, request: Record<string, unknown>,
) {
  if (triggerArn(call.pool, name) === undefined) throw notConfigured();
  const answer = await runTrigger(call.origin.ctx, call.pool, name, {
    triggerSource: `${name}_Authentication`, userName: eventUserName(subject), clientId: call.client.id, request,
  });
  return answer!;
}

/** VerifyAuthChallengeResponse: whether `answer` meets the challenge whose private parameters the session holds. */
export async function verifyAnswer(call: AuthCall, subject: CustomSubject, session: CustomSession, answer: string): Promise<boolean> {
  return runLoopTrigger(call, 'VerifyAuthChallengeResponse', subject, {
    ...customRequest(call, subject, true),
    privateChallengeParameters: session.private ?? {},
    challengeAnswer: answer,
  });
}

/**
 * Asks Define what follows `history` and does it: tokens (through the sign-in's completion, MFA
 * and all), a failure, PASSWORD_VERIFIER (only right after SRP_A: `startPasswordVerifier` builds
 * it), or a CUSTOM_CHALLENGE made by Create.
 */
export async function nextCustomStep(
  call: AuthCall, subject: CustomSubject, history: ChallengeResult[], withMetadata: boolean,
  startPasswordVerifier: (nonce: string, expiresAt: number) => Promise<ParameterMap>,
): Promise<AuthStep> {
  const base = customRequest(call, subject, withMetadata);
  const define = await runLoopTrigger(call, 'DefineAuthChallenge', subject, { ...base, session: history });
  const { clock } = call.services;
  if (define.failAuthentication) throw incorrectPassword();
  if (define.issueTokens) {
    // Define cannot sign in a name that has no user behind it.
    if (!subject.user) throw incorrectPassword();
    return completeSignIn(call, subject.user, clock.now(), async () => {});
  }
  // Another challenge, beyond the bound: the sign-in ends as a failed one.
  if (history.length >= MAX_CHALLENGES) throw incorrectPassword();
  const now = clock.now();
  const session = {
    userId: subject.user?.id ?? null, username: subject.username, history, nonce: randomUUID(), expiresAt: sessionDeadline(call, now),
  };
  const last = history[history.length - 1];
  if (define.challengeName === 'PASSWORD_VERIFIER' && history.length === 1 && last?.challengeName === 'SRP_A') {
    const ChallengeParameters = await startPasswordVerifier(session.nonce, session.expiresAt);
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: sealCustomSession(call, { ...session, challenge: 'PASSWORD_VERIFIER' }),
      ChallengeParameters,
    };
  }
  if (define.challengeName !== 'CUSTOM_CHALLENGE') throw unrecognizable();
  const created = await runLoopTrigger(call, 'CreateAuthChallenge', subject, {
    ...base, challengeName: 'CUSTOM_CHALLENGE', session: history,
  });
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: sealCustomSession(call, {
      ...session, challenge: 'CUSTOM_CHALLENGE', private: created.privateChallengeParameters,
      ...(created.challengeMetadata !== undefined ? { metadata: created.challengeMetadata } : {}),
    }),
    ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: eventUserName(subject) },
  };
}
