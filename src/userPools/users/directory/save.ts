/**
 * Writing users with their indexes, and the alias rules that come with it: a sign-in alias
 * (verified email / phone, preferred_username, or the email/phone that IS the username) belongs
 * to one user. ForceAliasCreation moves a verified email/phone alias off its previous holder.
 */
import { errors } from '../../../errors.ts';
import { MissingParent, UniqueViolation, type Repos } from '../../../storage/store.ts';
import type { UserFields, UserRow } from '../store.ts';
import type { PoolView } from '../../pools/pool-config.ts';
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
  repos: Repos, pool: PoolView, user: Pick<UserRow, 'id' | 'attributes'>, force: boolean, now: number, creating = false,
): Promise<void> {
  for (const alias of signInAliases(pool, user.attributes)) {
    const holder = await repos.users.getByAlias(pool.id, alias.kind, alias.value);
    if (!holder || holder.id === user.id) continue;
    const movable = force && alias.kind !== 'preferred_username' && !pool.usernameAttributes.includes(alias.kind);
    if (!movable) throw aliasTaken(pool, alias.kind, creating);
    // The holder's row as it is now, locked: only its verification flag changes.
    await changeUser(repos, pool, holder.id, (current) => ({
      ...current, attributes: { ...current.attributes, [`${alias.kind}_verified`]: 'false' }, updatedAt: now,
    }));
  }
}

/** A unique key that a concurrent writer took first (the check above saw it free): Cognito's error. */
function translate(pool: PoolView, e: unknown, usernameTaken: () => Error, creating: boolean): never {
  // The pool was deleted (by another node) after this one read it: as if it had been read gone.
  if (e instanceof MissingParent) throw errors.resourceNotFound(`User pool ${pool.id} does not exist.`);
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

/**
 * A user write without lost updates: reads the user's current row under a row lock (so that a
 * concurrent write of the user waits for this transaction, on any node), lets `change` derive
 * the new row from it, re-checking whatever it depends on and throwing to refuse, and writes
 * only the fields that changed, with the indexes when they changed. Call it inside the
 * transaction whose other writes go with the change; it returns the row as written.
 */
export async function changeUser(tx: Repos, pool: PoolView, userId: string, change: (current: UserRow) => UserRow): Promise<UserRow> {
  const current = await tx.users.get(userId, 'update');
  if (!current || current.poolId !== pool.id) throw errors.userNotFound('User does not exist.');
  const next = change(current);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const fields: UserFields = {};
  if (next.username !== current.username) fields.username = next.username;
  if (next.usernameKey !== current.usernameKey) fields.usernameKey = next.usernameKey;
  if (next.status !== current.status) fields.status = next.status;
  if (next.enabled !== current.enabled) fields.enabled = next.enabled;
  if (!same(next.attributes, current.attributes)) fields.attributes = next.attributes;
  if (next.credentialsEnc !== current.credentialsEnc) fields.credentialsEnc = next.credentialsEnc;
  if (!same(next.state, current.state)) fields.state = next.state;
  if (Object.keys(fields).length === 0) return current;
  fields.updatedAt = next.updatedAt;
  const indexes = userIndexes(pool, next);
  try {
    await tx.users.update(userId, fields, same(indexes, userIndexes(pool, current)) ? undefined : indexes);
  } catch (e) {
    translate(pool, e, () => errors.usernameExists('User already exists'), false);
  }
  return next;
}
