/**
 * The steps every password sign-in shares (SRP or plain): who USERNAME names, what Cognito
 * refuses before and after looking at the password, and what follows a right password.
 */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { UserRow } from '../users/store.ts';
import { checkSecretHash } from '../clients/secret-hash.ts';
import { fakeVerifier, verifierMatchesPassword } from '../srp/index.ts';
import { passwordMatches, readCredentials } from '../users/credentials.ts';
import { findUser } from '../users/directory/lookup.ts';
import type { AuthCall, AuthStep } from './call.ts';
import { nextStep } from './next-step.ts';
import { resetRequired, stateRefusal } from './steps/account.ts';
import { deriveUnknownUser, type UnknownUser } from './unknown-users.ts';

export const incorrectPassword = () => errors.notAuthorized('Incorrect username or password.');

/** A known user, or an unknown username the client hides (its attempts must look the same). */
export type Candidate = { user: UserRow; unknown?: undefined } | { user?: undefined; unknown: UnknownUser };

export const subjectOf = (candidate: Candidate): string => candidate.user?.id ?? candidate.unknown!.id;

/**
 * Resolves USERNAME (username, alias or sub) and checks SECRET_HASH, which clients compute over
 * the name they were given or over the internal username. An unknown name is
 * UserNotFoundException, unless the client hides existence.
 */
export async function findCandidate(call: AuthCall, username: string, secretHash: string | undefined): Promise<Candidate> {
  const { store, vault } = call.services;
  const user = await findUser(store, call.pool, username);
  checkSecretHash(call.client, vault, user ? [username, user.username] : [username], secretHash);
  if (user) return { user };
  if (call.client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound('User does not exist.');
  return { unknown: await deriveUnknownUser(call.services, call.pool, username) };
}

const hidesUsers = (call: AuthCall): boolean => call.client.preventUserExistenceErrors === 'ENABLED';

/**
 * Refusals that do not depend on the password: an unconfirmed user hears so even with a wrong
 * one (Cognito's documented behaviour), a disabled one too, and a reset-required one. A client
 * that hides user existence says none of this before the password is right (the error-handling
 * guide's generic answer): a wrong password gets `Incorrect username or password.`, like an
 * unknown name, and counts toward the lockout like one.
 */
export function refuseBeforePassword(call: AuthCall, user: UserRow): void {
  if (hidesUsers(call)) return;
  const refusal = stateRefusal(user);
  if (refusal) throw refusal;
  if (user.status === 'RESET_REQUIRED') throw resetRequired();
}

/**
 * Checks a plain password against the stored verifier. Unknown users and users without a
 * password go through the same computation against a random verifier, so the answer takes
 * as long and is always no.
 */
export function checkPassword(call: AuthCall, candidate: Candidate, password: string): boolean {
  const record = candidate.user ? readCredentials(call.services, candidate.user) : undefined;
  if (candidate.user && record) return passwordMatches(call.pool, candidate.user, record, password);
  const id = candidate.user?.username ?? candidate.unknown!.id;
  const salt = candidate.unknown?.salt ?? Buffer.alloc(16);
  // A random verifier has no known password: the result is always false, and discarded.
  verifierMatchesPassword(call.pool.srpPoolName, id, password, salt, fakeVerifier());
  return false;
}

/** Writes a sign-in step makes besides the tokens (spending its nonce, clearing failures). */
type StepWrites = (tx: Repos) => Promise<void>;

/**
 * The password was right: what follows is the next-step pipeline's (next-step.ts), which commits
 * the step's own writes with whatever it decides (a challenge, the tokens), once.
 */
export function completeSignIn(call: AuthCall, user: UserRow, now: number, stepWrites: StepWrites, deviceKey?: string): Promise<AuthStep> {
  return nextStep(call, { user, now, writes: stepWrites, deviceKey });
}
