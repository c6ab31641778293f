/**
 * The public (unsigned) user operations name an app client, not a pool: the client leads to its
 * pool, its SECRET_HASH must check out, and its PreventUserExistenceErrors setting decides what
 * an unknown username reveals.
 */
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos, UserRow } from '../../storage/store.ts';
import { requireClient, type ClientView } from '../clients/load.ts';
import { checkSecretHash } from '../clients/secret-hash.ts';
import type { Services } from '../context.ts';
import { maskDestination } from '../messages/outbox.ts';
import { requirePoolConfig } from '../pools/load.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { looksLikePhone } from './attributes.ts';
import { findUser } from './lookup.ts';
import { countAttempt, type LimitedAction } from './rate-limit.ts';

export interface PublicCall {
  client: ClientView;
  pool: PoolView;
}

export async function resolvePublicCall(
  repos: Repos, services: Services, clientId: string, username: string, secretHash: string | undefined,
): Promise<PublicCall> {
  const client = await requireClient(repos, clientId);
  checkSecretHash(client, services.vault, username, secretHash);
  return { client, pool: await requirePoolConfig(repos, client.poolId) };
}

/** Cognito's answer for an unknown username on the client-facing code flows (LEGACY clients). */
export const unknownUser = () => errors.userNotFound('Username/client id combination not found.');

/** The user, or undefined when the client hides unknown users (PreventUserExistenceErrors ENABLED). */
export async function findUserOrHide(repos: Repos, call: PublicCall, username: string): Promise<UserRow | undefined> {
  const user = await findUser(repos, call.pool, username);
  if (!user && call.client.preventUserExistenceErrors !== 'ENABLED') throw unknownUser();
  return user;
}

/**
 * The first steps of submitting a code (ConfirmSignUp, ConfirmForgotPassword): the client and its
 * secret hash, the user, and one counted attempt. A hidden unknown user fails exactly like a
 * wrong code, so that the answer does not tell them apart.
 */
export async function codeSubmission(
  services: Services, input: { ClientId?: string; Username?: string; SecretHash?: string }, action: LimitedAction,
): Promise<PublicCall & { user: UserRow; now: number }> {
  const { store, clock } = services;
  const call = await resolvePublicCall(store, services, input.ClientId!, input.Username!, input.SecretHash);
  const user = await findUserOrHide(store, call, input.Username!);
  if (!user) throw errors.codeMismatch('Invalid verification code provided, please try again.');
  const now = clock.now();
  await countAttempt(store, action, user.id, now);
  return { ...call, user, now };
}

/** What an unknown user appears to get when existence is hidden: a plausible, stable destination. */
export function simulatedDelivery(username: string): CodeDeliveryDetailsType {
  if (looksLikePhone(username)) {
    return { Destination: maskDestination('SMS', username), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
  }
  const email = username.includes('@') ? username : `${username}@${username}`;
  return { Destination: maskDestination('EMAIL', email), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
}
