/**
 * What an unknown username looks like when the client hides user existence
 * (PreventUserExistenceErrors ENABLED): a stable id (the subject its attempts are counted under),
 * salt and USER_ID_FOR_SRP per pool and username, and stable seeds for what else it is shown,
 * derived with a server-wide secret so that nobody can tell them from real ones. The secret is
 * created once (first node wins) and kept sealed in the database.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { fakeSaltFor, fakeUserIdFor } from '../srp/index.ts';
import { looksLikeEmail, looksLikePhone } from '../users/directory/attributes.ts';

const SECRET_NAME = 'srp-unknown-users';
/** The associated data of a server-wide secret sealed under `name` (see sealed/columns.ts). */
export const sealContext = (name: string): string => `server-secret:${name}`;

function unknownUserKey(services: Services): Promise<Buffer> {
  const cached = services.caches.unknownUserKey;
  let key = cached.current;
  if (!key) {
    const candidate = services.vault.seal(randomBytes(32), sealContext(SECRET_NAME));
    key = services.store.serverSecrets.getOrCreate(SECRET_NAME, candidate, services.clock.now())
      .then((sealed) => services.vault.open(sealed, sealContext(SECRET_NAME)));
    // A failed read is retried by the next sign-in rather than cached.
    const loading = key;
    loading.catch(() => { if (cached.current === loading) cached.current = undefined; });
    cached.current = key;
  }
  return key;
}

export interface UnknownUser {
  /** A stable UUID: the subject its attempts, limits and decoy codes are counted under. */
  id: string;
  salt: Buffer;
  /** USER_ID_FOR_SRP shown for it: what a real user of that name would show. */
  userIdForSrp: string;
  /** Stable bytes to derive what else it is shown from (a simulated code destination). */
  seed: Buffer;
}

/**
 * A real user's USER_ID_FOR_SRP is their internal username: a UUID (the sub) in pools that sign
 * in by email or phone (UsernameAttributes), else the username itself, which is also what an
 * unknown name shows there. An email or phone typed in a pool with those as aliases cannot be
 * a username, so it shows a UUID (AWS documents that SRP cannot fully hide alias sign-ins).
 */
function userIdForSrp(pool: PoolView, username: string, id: string): string {
  if (pool.usernameAttributes.length > 0) return id;
  if (pool.aliasAttributes.includes('email') && looksLikeEmail(username)) return id;
  if (pool.aliasAttributes.includes('phone_number') && looksLikePhone(username)) return id;
  return username;
}

/** The stable stand-in of an unknown username in a pool (see above): same name, same answers. */
export async function deriveUnknownUser(services: Services, pool: PoolView, username: string): Promise<UnknownUser> {
  const key = await unknownUserKey(services);
  const name = pool.usernameKey(username);
  const id = fakeUserIdFor(key, pool.id, name);
  return {
    id,
    salt: fakeSaltFor(key, pool.id, name),
    userIdForSrp: userIdForSrp(pool, username, id),
    seed: createHmac('sha256', key).update(`alcove/unknown/seed\0${pool.id}\0${name}`, 'utf8').digest(),
  };
}
