/**
 * What an unknown username looks like when the client hides user existence
 * (PreventUserExistenceErrors ENABLED): a stable UUID-shaped USER_ID_FOR_SRP and salt per pool
 * and username, derived with a server-wide secret so that nobody can tell them from real ones.
 * The secret is created once (first node wins) and kept sealed in the database.
 */
import { randomBytes } from 'node:crypto';
import type { Services } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { fakeSaltFor, fakeUserIdFor } from '../srp/index.ts';

const SECRET_NAME = 'srp-unknown-users';
const sealContext = `server-secret:${SECRET_NAME}`;

const keys = new WeakMap<Services, Promise<Buffer>>();

function unknownUserKey(services: Services): Promise<Buffer> {
  let key = keys.get(services);
  if (!key) {
    const candidate = services.vault.seal(randomBytes(32), sealContext);
    key = services.store.serverSecrets.getOrCreate(SECRET_NAME, candidate, services.clock.now())
      .then((sealed) => services.vault.open(sealed, sealContext));
    // A failed read is retried by the next sign-in rather than cached.
    key.catch(() => keys.delete(services));
    keys.set(services, key);
  }
  return key;
}

export interface UnknownUser {
  /** USER_ID_FOR_SRP shown for it, and the subject its failed attempts are counted under. */
  id: string;
  salt: Buffer;
}

export async function unknownUser(services: Services, pool: PoolView, username: string): Promise<UnknownUser> {
  const key = await unknownUserKey(services);
  const name = pool.usernameKey(username);
  return { id: fakeUserIdFor(key, pool.id, name), salt: fakeSaltFor(key, pool.id, name) };
}
