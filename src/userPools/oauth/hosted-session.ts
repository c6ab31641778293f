/**
 * The managed-login session behind the session cookie: single sign-on across a pool's clients
 * for its lifetime. The cookie carries a random id and a MAC of it under a key derived from the
 * KEK (a forged or altered cookie is refused before the database is asked); the database holds
 * only the id's hash, with the pool, the user and the sign-in time, so any node can read it and
 * /logout (or prompt=login) ends it everywhere.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import type { UserRow } from '../users/store.ts';
import type { HostedSessionRow } from './store.ts';

/** Cognito's managed-login session lasts an hour. */
export const DEFAULT_SESSION_SECONDS = 3600;
const MAC_PURPOSE = 'managed-login-session';

const hashId = (id: string): string => createHash('sha256').update(id).digest('hex');

/** A new session id and its cookie value. */
export function newSessionCookie(services: Services): { id: string; cookie: string } {
  const id = randomBytes(32).toString('base64url');
  return { id, cookie: `${id}.${services.vault.mac(id, MAC_PURPOSE)}` };
}

/** The id a cookie value carries when its MAC is ours, else undefined. */
export function sessionIdOf(services: Services, cookie: string | undefined): string | undefined {
  if (!cookie || cookie.length > 512) return undefined;
  const dot = cookie.indexOf('.');
  if (dot <= 0) return undefined;
  const id = cookie.slice(0, dot);
  const mac = cookie.slice(dot + 1);
  const expected = services.vault.remac(id, MAC_PURPOSE, mac);
  if (expected === undefined) return undefined;
  const a = Buffer.from(mac);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? id : undefined;
}

/** Writes the session of a sign-in that just succeeded (in the sign-in step's transaction). */
export async function recordSession(tx: Repos, id: string, poolId: string, user: UserRow, now: number, lifetimeSeconds: number): Promise<void> {
  await tx.hostedSessions.insert({ idHash: hashId(id), poolId, userId: user.id, authTime: now, expiresAt: now + lifetimeSeconds * 1000 });
}

/** The live session a cookie names for this pool, with its user when they may still sign in. */
export async function liveSession(services: Services, cookie: string | undefined, poolId: string): Promise<{ session: HostedSessionRow; user: UserRow } | undefined> {
  const id = sessionIdOf(services, cookie);
  if (!id) return undefined;
  const session = await services.store.hostedSessions.getLive(hashId(id), services.clock.now());
  if (!session || session.poolId !== poolId) return undefined;
  const user = await services.store.users.get(session.userId);
  if (!user || user.poolId !== poolId || !user.enabled || user.status !== 'CONFIRMED') return undefined;
  return { session, user };
}

/** Ends the session a cookie names (logout, prompt=login). */
export async function endSession(services: Services, cookie: string | undefined): Promise<void> {
  const id = sessionIdOf(services, cookie);
  if (id) await services.store.hostedSessions.end(hashId(id));
}
