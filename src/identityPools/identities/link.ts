/**
 * Finding, creating, linking and merging identities, atomically.
 *
 * A login (pool, provider, subject) belongs to one identity at most (the primary key of
 * `identity_logins`). One transaction reads which identities own the logins presented, locks
 * those rows (and the one the call names) `FOR UPDATE` in id order, re-reads the owners (a
 * concurrent merge may have moved them: then it starts over), and then:
 * - nobody owns any: a new identity with these logins (concurrent calls for the same login
 *   collide on the login's key; the losers roll back and find the winner's identity);
 * - one identity owns them, or the call names one: the logins it lacks are linked to it;
 * - several identities own them: they are merged into one (the first login's owner), their
 *   logins moved to it and the others disabled, as Cognito does; the call answers the
 *   surviving IdentityId.
 * An identity holds one login per public provider (a second one is ResourceConflictException)
 * and at most 20 logins (ResourceConflictException too); a developer provider may link many user
 * identifiers.
 */
import { errors } from '../../errors.ts';
import { UniqueViolation, type Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import { newIdentityId } from '../ids.ts';
import { poolNotFound } from '../pools/load.ts';
import type { ProviderLogin } from '../logins/login.ts';
import type { IdentityRow, LoginRow } from './store.ts';

export const MAX_LOGINS = 20;
const ATTEMPTS = 8;

export const identityNotFound = (id: string) => errors.resourceNotFound(`Identity '${id}' not found.`);

class StartOver extends Error {}

export interface LinkRequest {
  poolId: string;
  logins: readonly ProviderLogin[];
  /** The identity the call names (IdentityId), which the logins join unless another owns them. */
  named?: string | undefined;
  /** GetOpenIdTokenForDeveloperIdentity with an IdentityId: a developer user of another identity is refused, not merged. */
  refuseDeveloperOfOther?: boolean;
}

/** A new guest identity, created under the pool's shared lock (a concurrent DeleteIdentityPool waits, or has happened). */
export async function newGuestIdentity(services: Services, poolId: string): Promise<string> {
  const now = services.clock.now();
  const id = newIdentityId(services.settings.region);
  await services.store.transaction(async (tx) => {
    if (!(await tx.identityPools.get(poolId, 'share'))) throw poolNotFound(poolId);
    await tx.identities.insert({ id, poolId, disabled: false, createdAt: now, updatedAt: now });
  });
  return id;
}

/** The identity the logins belong to after linking (and merging); see the module comment. */
export async function linkIdentity(services: Services, request: LinkRequest): Promise<string> {
  // The common case, a returning user: every login already belongs to the one identity (the one
  // named, if any), so there is nothing to write and no lock to take.
  const owners = await ownersOf(services.store, request.poolId, request.logins);
  const owner = owners[0];
  if (owner !== undefined && owners.every((o) => o === owner) && (request.named === undefined || request.named === owner)) {
    const row = await services.store.identities.get(owner);
    if (row && !row.disabled) return owner;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await services.store.transaction((tx) => linkOnce(services, tx, request));
    } catch (e) {
      if (attempt < ATTEMPTS && (e instanceof StartOver || (e instanceof UniqueViolation && e.index === 'login'))) continue;
      // ResourceConflictException: what the model declares for these operations' conflicts.
      if (e instanceof StartOver || e instanceof UniqueViolation) throw errors.resourceConflict('The identity changed during this call; try again.');
      throw e;
    }
  }
}

async function ownersOf(tx: Repos, poolId: string, logins: readonly ProviderLogin[]): Promise<(string | undefined)[]> {
  return Promise.all(logins.map(async (l) => (await tx.identities.findLogin(poolId, l.provider, l.subject))?.identityId));
}

async function linkOnce(services: Services, tx: Repos, { poolId, logins, named, refuseDeveloperOfOther }: LinkRequest): Promise<string> {
  const now = services.clock.now();
  // The pool row before the identities' (DeleteIdentityPool waits, or has happened).
  if (!(await tx.identityPools.get(poolId, 'share'))) throw poolNotFound(poolId);
  const owners = await ownersOf(tx, poolId, logins);
  if (refuseDeveloperOfOther && named !== undefined) {
    logins.forEach((l, i) => {
      if (l.developer && owners[i] !== undefined && owners[i] !== named) {
        throw errors.developerUserAlreadyRegistered('The provided developer user identifier is already registered with Cognito under a different identity ID.');
      }
    });
  }
  const candidates = [...new Set([...(named !== undefined ? [named] : []), ...owners.filter((o): o is string => o !== undefined)])];

  if (candidates.length === 0) {
    const id = newIdentityId(services.settings.region);
    await tx.identities.insert({ id, poolId, disabled: false, createdAt: now, updatedAt: now });
    checkLogins(logins.map((l) => ({ provider: l.provider, subject: l.subject, developer: l.developer === true })));
    for (const l of logins) await tx.identities.insertLogin({ poolId, provider: l.provider, subject: l.subject, identityId: id, createdAt: now });
    return id;
  }

  const rows = new Map<string, IdentityRow>();
  for (const id of [...candidates].sort()) {
    const row = await tx.identities.get(id, 'update');
    if (!row || row.poolId !== poolId) {
      if (id === named) throw identityNotFound(id);
      throw new StartOver();
    }
    rows.set(id, row);
  }
  const again = await ownersOf(tx, poolId, logins);
  if (again.some((o, i) => o !== owners[i])) throw new StartOver();

  const survivor = owners.find((o) => o !== undefined) ?? named!;
  if (rows.get(survivor)!.disabled) throw errors.notAuthorized(`Identity '${survivor}' is disabled.`);
  const others = candidates.filter((id) => id !== survivor);
  const existing: LoginRow[] = await tx.identities.loginsOfMany(candidates);
  const developerProviders = new Set(logins.filter((l) => l.developer).map((l) => l.provider));
  const fresh = logins.filter((_, i) => owners[i] === undefined);
  checkLogins([
    ...existing.map((r) => ({ provider: r.provider, subject: r.subject, developer: developerProviders.has(r.provider) })),
    ...fresh.map((l) => ({ provider: l.provider, subject: l.subject, developer: l.developer === true })),
  ]);
  for (const other of others) {
    await tx.identities.moveLogins(other, survivor);
    await tx.identities.disable(other, now);
  }
  for (const l of fresh) {
    await tx.identities.insertLogin({ poolId, provider: l.provider, subject: l.subject, identityId: survivor, createdAt: now });
  }
  if (fresh.length > 0 || others.length > 0) await tx.identities.touch(survivor, now);
  return survivor;
}

/** One login per public provider, at most MAX_LOGINS in all. */
function checkLogins(all: { provider: string; subject: string; developer: boolean }[]): void {
  const unique = new Map<string, string>();
  for (const l of all) {
    if (l.developer) continue;
    const seen = unique.get(l.provider);
    if (seen !== undefined && seen !== l.subject) {
      throw errors.resourceConflict(`The identity already has a login from ${l.provider}; it cannot be linked to another one.`);
    }
    unique.set(l.provider, l.subject);
  }
  const count = new Set(all.map((l) => `${l.provider}\n${l.subject}`)).size;
  // ResourceConflictException: the one error every linking operation's model declares for it.
  if (count > MAX_LOGINS) throw errors.resourceConflict(`An identity can have at most ${MAX_LOGINS} linked logins.`);
}
