/**
 * What AssociateSoftwareToken and VerifySoftwareToken share: whom they act for (the access
 * token's user, or the user of an MFA_SETUP Session, whose pool and client the session names),
 * and the checks of a code against a pending token.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { AuthCall } from '../auth/call.ts';
import { openSessionOf, type ChallengeSession } from '../auth/session.ts';
import { requireClient } from '../clients/client-view.ts';
import type { OperationContext, Services } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { authenticateUser } from '../self/access.ts';
import { ADMIN_SCOPE } from '../tokens/claims.ts';
import type { UserProfile } from '../users/store.ts';
import { reserveMfaAttempt } from './attempts.ts';
import type { SoftwareTokenRow } from './store.ts';
import { matchingStep, newSeed, openSeed, sealSeed } from './totp.ts';

export type Actor =
  | { kind: 'token'; user: UserProfile }
  | { kind: 'session'; user: UserProfile; call: AuthCall; session: ChallengeSession };

/** The caller: by AccessToken, or by an MFA_SETUP Session (one of the two, as Cognito requires). */
export async function actorOf(ctx: OperationContext, input: { AccessToken?: string | undefined; Session?: string | undefined }): Promise<Actor> {
  const { services } = ctx;
  if (input.AccessToken) return { kind: 'token', user: (await authenticateUser(services, input.AccessToken, ADMIN_SCOPE)).user };
  if (!input.Session) throw errors.invalidParameter('Either AccessToken or Session must be provided.');
  const session = openSessionOf(services, input.Session, 'MFA_SETUP', services.clock.now());
  const client = await requireClient(services.store, session.clientId);
  const pool = await requirePoolConfig(services.store, session.poolId, services.caches.poolViews);
  const user = await services.store.users.get(session.userId);
  if (!user || user.poolId !== pool.id) throw errors.notAuthorized('Invalid session for the user.');
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  return { kind: 'session', user, session, call: { services, pool, client, admin: false, origin: { ctx, clientId: client.id } } };
}

/** A new pending token for `user`, written in `tx`; its seed, to show as SecretCode. */
export async function associate(tx: Repos, services: Services, user: UserProfile): Promise<{ id: string; seed: string }> {
  const id = randomUUID();
  const seed = newSeed();
  await tx.softwareTokens.putPending({
    id, userId: user.id, poolId: user.poolId, secretEnc: sealSeed(services.vault, id, seed), verified: false,
    friendlyName: null, lastStep: null, createdAt: services.clock.now(),
  });
  return { id, seed };
}

/** The time step `code` proves for the pending `token` (the attempt counted first). */
export async function checkPendingCode(services: Services, token: SoftwareTokenRow, code: string): Promise<number> {
  const now = services.clock.now();
  await reserveMfaAttempt(services.store, token.userId, now);
  const step = matchingStep(openSeed(services.vault, token.id, token.secretEnc), code, now);
  if (step === undefined) throw errors.enableSoftwareTokenMfa('Code mismatch');
  return step;
}
