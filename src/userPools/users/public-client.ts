/**
 * The public (unsigned) user operations name an app client, not a pool: the client leads to its
 * pool, its SECRET_HASH must check out, and its PreventUserExistenceErrors setting decides what
 * an unknown username reveals.
 */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { UserRow } from './store.ts';
import { requireClient, type ClientView } from '../clients/load.ts';
import { checkSecretHash } from '../clients/secret-hash.ts';
import { CODE_TTL } from '../codes/codes.ts';
import type { Services } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { guessDecoyCode, hiddenUser, simulatePasswordChange } from './hidden-users.ts';
import { findUser } from './directory/lookup.ts';
import { countAttempt } from './rate-limit.ts';

/** A call that names an app client rather than a pool (sign-in's AuthCall extends it). */
export interface PublicCall {
  client: ClientView;
  pool: PoolView;
}

export async function resolvePublicCall(
  repos: Repos, services: Services, clientId: string, username: string, secretHash: string | undefined,
): Promise<PublicCall> {
  const client = await requireClient(repos, clientId);
  checkSecretHash(client, services.vault, username, secretHash);
  return { client, pool: await requirePoolConfig(repos, client.poolId, services.caches.poolViews) };
}

/** Cognito's answer for an unknown username on the client-facing code flows (LEGACY clients). */
const unknownUsernameError = () => errors.userNotFound('Username/client id combination not found.');

/** Whether the client hides user existence (PreventUserExistenceErrors ENABLED). */
export const hidesUsers = (call: PublicCall): boolean => call.client.preventUserExistenceErrors === 'ENABLED';

/** The user, or undefined when the client hides unknown users (PreventUserExistenceErrors ENABLED). */
export async function findUserOrHide(repos: Repos, call: PublicCall, username: string): Promise<UserRow | undefined> {
  const user = await findUser(repos, call.pool, username);
  if (!user && !hidesUsers(call)) throw unknownUsernameError();
  return user;
}

/**
 * The first steps of submitting a code (ConfirmSignUp, ConfirmForgotPassword): the client and its
 * secret hash, the user, and one counted attempt. A hidden user (unknown; for a password reset
 * also disabled) goes through the same steps under its stable subject, and its code is checked
 * against a decoy: the answers (CodeMismatch, ExpiredCode, LimitExceeded, a refused weak
 * password) come as they would for a real user.
 */
export async function codeSubmission(
  services: Services, input: { ClientId: string; Username: string; SecretHash?: string | undefined; Password?: string | undefined },
  action: 'confirmSignUp' | 'confirmForgotPassword',
): Promise<PublicCall & { user: UserRow; now: number }> {
  const { store, clock } = services;
  const call = await resolvePublicCall(store, services, input.ClientId, input.Username, input.SecretHash);
  const user = await findUserOrHide(store, call, input.Username);
  const purpose = action === 'confirmSignUp' ? 'signup' : 'forgot';
  const hide = !user || (purpose === 'forgot' && !user.enabled && hidesUsers(call));
  const hidden = hide ? await hiddenUser(services, call.pool, input.Username, user) : undefined;
  const now = clock.now();
  await countAttempt(store, action, hidden?.subject ?? user!.id, now);
  if (hidden) {
    if (input.Password !== undefined) simulatePasswordChange(services, call.pool, hidden, input.Password);
    return guessDecoyCode(store, services, call.pool, hidden, purpose, CODE_TTL[purpose]);
  }
  return { ...call, user: user!, now };
}
