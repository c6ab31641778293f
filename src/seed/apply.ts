/**
 * Creates the pools, app clients, groups and users that the config file lists, at start. It is
 * idempotent: what already exists (a pool or client by its fixed id, else by name; a group by
 * name; a user by username) is left as it is, so starting again with the same file changes
 * nothing. Memberships are added when missing. Everything goes through the API's own rules.
 */
import type {
  AdminCreateUserRequest, CreateUserPoolClientRequest, CreateUserPoolClientResponse, CreateUserPoolRequest,
  CreateUserPoolResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SeedPool } from '../config.ts';
import { isCognitoError } from '../errors.ts';
import type { ClientRow, PoolRow, Store } from '../storage/store.ts';
import type { Services } from '../userPools/context.ts';
import { requirePool } from '../userPools/pools/load.ts';
import type { PoolView } from '../userPools/pools/pool-config.ts';
import { findUser } from '../userPools/users/lookup.ts';
import { seedCaller, type Call } from './calls.ts';
import { createClientWithId, createPoolWithId } from './fixed-ids.ts';

type SeedClient = SeedPool['clients'][number];
type SeedGroup = SeedPool['groups'][number];
type SeedUser = SeedPool['users'][number];

const PAGE = 60;

export async function applySeed(pools: SeedPool[], services: Services): Promise<void> {
  const call = seedCaller(services);
  for (const seed of pools) {
    const pool = await step(`pool "${seed.name}"`, () => ensurePool(services, call, seed));
    for (const client of seed.clients) await step(`pool "${seed.name}" client "${client.name}"`, () => ensureClient(services, call, pool, client));
    for (const group of seed.groups) await step(`pool "${seed.name}" group "${group.name}"`, () => ensureGroup(services, call, pool, group));
    for (const user of seed.users) await step(`pool "${seed.name}" user "${user.username}"`, () => ensureUser(services, call, pool, user));
  }
}

/** Names the config entry in any failure, so that a bad file says where it is bad. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const reason = isCognitoError(e) ? `${e.type}: ${e.message}` : e instanceof Error ? e.message : String(e);
    throw new Error(`config ${what}: ${reason}`, { cause: e });
  }
}

async function findPoolByName(store: Store, name: string): Promise<PoolRow | undefined> {
  let after: string | undefined;
  do {
    const page = await store.pools.list({ limit: PAGE, ...(after ? { after } : {}) });
    const found = page.items.find((p) => p.name === name);
    if (found) return found;
    after = page.next;
  } while (after);
  return undefined;
}

async function findClientByName(store: Store, poolId: string, name: string): Promise<ClientRow | undefined> {
  let after: string | undefined;
  do {
    const page = await store.clients.list(poolId, { limit: PAGE, ...(after ? { after } : {}) });
    const found = page.items.find((c) => c.name === name);
    if (found) return found;
    after = page.next;
  } while (after);
  return undefined;
}

async function ensurePool(services: Services, call: Call, seed: SeedPool): Promise<PoolView> {
  const { store, log } = services;
  const existing = seed.id ? await store.pools.get(seed.id) : await findPoolByName(store, seed.name);
  if (existing) return requirePool(store, existing.id);
  const input = { ...seed.settings, PoolName: seed.name } as CreateUserPoolRequest;
  const id = seed.id
    ? (await createPoolWithId(services, seed.id, input)).id
    : (await call<CreateUserPoolResponse>('CreateUserPool', { ...input })).UserPool!.Id!;
  log.info({ poolId: id, name: seed.name }, 'config: created user pool');
  return requirePool(store, id);
}

async function ensureClient(services: Services, call: Call, pool: PoolView, seed: SeedClient): Promise<void> {
  const { store, log } = services;
  const existing = seed.id ? await store.clients.get(seed.id) : await findClientByName(store, pool.id, seed.name);
  if (existing) {
    if (existing.poolId !== pool.id) throw new Error(`client id ${existing.id} already belongs to pool ${existing.poolId}`);
    return;
  }
  const input = {
    ...seed.settings,
    UserPoolId: pool.id,
    ClientName: seed.name,
    ...(seed.secret !== undefined ? { ClientSecret: seed.secret } : {}),
    ...(seed.generateSecret ? { GenerateSecret: true } : {}),
  } as CreateUserPoolClientRequest;
  const id = seed.id
    ? (await createClientWithId(services, pool, seed.id, input)).id
    : (await call<CreateUserPoolClientResponse>('CreateUserPoolClient', { ...input })).UserPoolClient!.ClientId!;
  log.info({ poolId: pool.id, clientId: id, name: seed.name }, 'config: created app client');
}

async function ensureGroup(services: Services, call: Call, pool: PoolView, seed: SeedGroup): Promise<void> {
  if (await services.store.groups.get(pool.id, seed.name)) return;
  await call('CreateGroup', {
    UserPoolId: pool.id,
    GroupName: seed.name,
    ...(seed.description !== undefined ? { Description: seed.description } : {}),
    ...(seed.precedence !== undefined ? { Precedence: seed.precedence } : {}),
    ...(seed.roleArn !== undefined ? { RoleArn: seed.roleArn } : {}),
  });
  services.log.info({ poolId: pool.id, group: seed.name }, 'config: created group');
}

/**
 * A user with a password gets it as given: permanent when CONFIRMED, temporary (to be changed
 * at first sign-in) when FORCE_CHANGE_PASSWORD. A user without one is invited as AdminCreateUser
 * does: a generated temporary password sent by email, or by SMS when there is only a phone.
 */
async function ensureUser(services: Services, call: Call, pool: PoolView, seed: SeedUser): Promise<void> {
  const { store, log } = services;
  if (!(await findUser(store, pool, seed.username))) {
    const attributes = Object.entries(seed.attributes).map(([Name, Value]) => ({ Name, Value }));
    const invitationMedium = seed.attributes.email ? 'EMAIL' : seed.attributes.phone_number ? 'SMS' : undefined;
    const input: AdminCreateUserRequest = {
      UserPoolId: pool.id,
      Username: seed.username,
      UserAttributes: attributes,
      ...(seed.password !== undefined || !invitationMedium
        ? { MessageAction: 'SUPPRESS' }
        : { DesiredDeliveryMediums: [invitationMedium] }),
    };
    await call('AdminCreateUser', { ...input });
    if (seed.password !== undefined) {
      await call('AdminSetUserPassword', {
        UserPoolId: pool.id, Username: seed.username, Password: seed.password, Permanent: seed.status === 'CONFIRMED',
      });
    }
    log.info({ poolId: pool.id, username: seed.username, status: seed.password === undefined ? 'FORCE_CHANGE_PASSWORD' : seed.status },
      seed.password === undefined ? 'config: invited user (no password given)' : 'config: created user');
  }
  for (const group of seed.groups) {
    await call('AdminAddUserToGroup', { UserPoolId: pool.id, Username: seed.username, GroupName: group });
  }
}
