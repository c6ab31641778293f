/**
 * Writing users with their indexes, and the alias rules that come with it: a sign-in alias
 * (verified email / phone, preferred_username, or the email/phone that IS the username) belongs
 * to one user. ForceAliasCreation moves a verified email/phone alias off its previous holder.
 */
import { errors } from '../../errors.ts';
import { UniqueViolation, type Repos, type UserRow } from '../../storage/store.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { signInAliases, userIndexes } from './lookup.ts';

/**
 * Another user holds the alias. A new account whose email/phone is its username is a taken
 * username (UsernameExistsException); an existing user changing to it, or any other alias, is
 * AliasExistsException, as Cognito answers.
 */
const aliasTaken = (pool: PoolView, kind: string, creating: boolean) => creating && pool.usernameAttributes.includes(kind)
  ? errors.usernameExists(`An account with the given ${kind} already exists.`)
  : errors.aliasExists(`An account with the given ${kind} already exists.`);

/**
 * Makes room for the user's aliases: refuses when another user holds one, unless `force` and
 * the alias is a verified email/phone, which is then un-verified on the other user. `creating`:
 * the user is a new account (SignUp, AdminCreateUser), not yet stored.
 */
export async function claimAliases(
  repos: Repos, pool: PoolView, user: UserRow, force: boolean, now: number, creating = false,
): Promise<void> {
  for (const alias of signInAliases(pool, user.attributes)) {
    const holder = await repos.users.getByAlias(pool.id, alias.kind, alias.value);
    if (!holder || holder.id === user.id) continue;
    const movable = force && alias.kind !== 'preferred_username' && !pool.usernameAttributes.includes(alias.kind);
    if (!movable) throw aliasTaken(pool, alias.kind, creating);
    const released = { ...holder, attributes: { ...holder.attributes, [`${alias.kind}_verified`]: 'false' }, updatedAt: now };
    await repos.users.update(released, userIndexes(pool, released));
  }
}

/** A unique key that a concurrent writer took first (the check above saw it free): Cognito's error. */
function translate(pool: PoolView, e: unknown, usernameTaken: () => Error, creating: boolean): never {
  if (e instanceof UniqueViolation) {
    if (e.index === 'username') throw usernameTaken();
    if (e.index.startsWith('alias:')) throw aliasTaken(pool, e.index.slice('alias:'.length), creating);
  }
  throw e;
}

/** Inserts a new user with its indexes and counts it in the pool. */
export async function insertUser(repos: Repos, pool: PoolView, user: UserRow, usernameTaken: () => Error): Promise<void> {
  try {
    await repos.users.insert(user, userIndexes(pool, user));
  } catch (e) {
    translate(pool, e, usernameTaken, true);
  }
  await repos.pools.adjustUserCount(pool.id, 1);
}

/** Rewrites a user and its indexes. */
export async function saveUser(repos: Repos, pool: PoolView, user: UserRow): Promise<void> {
  try {
    await repos.users.update(user, userIndexes(pool, user));
  } catch (e) {
    translate(pool, e, () => errors.usernameExists('User already exists'), false);
  }
}
