/**
 * Each pool's signing keys: one RSA-2048 key for ID tokens and another for access tokens (as
 * Cognito does), private halves sealed by the KeyVault. CreateUserPool starts making them at once,
 * in the background (preparePoolKeys); a pool without keys (one made before, or whose keys could
 * not be made then) gets them at its first use.
 *
 * Generating an RSA-2048 pair takes 50-200 ms of CPU, which the first sign-in of every new pool
 * used to wait for. A serving node keeps a reserve of pairs generated ahead, in the background
 * on libuv's threads, one at a time (two while a key waits; startKeyReserve), refilled as pairs are
 * drawn; a new key takes one from the reserve and is sealed to its pool and kid as it is stored,
 * exactly as a freshly generated one. A reserved pair lives in this process's memory only, never
 * on disk unsealed; with the reserve empty a new key waits for the next pair generated.
 *
 * Keys are cached per store as imported KeyObjects for a short time, so that a rotation made
 * by another node is picked up within CACHE_TTL_MS; a token signed with a kid this node has not
 * seen yet triggers an early reload (throttled, so random kids cannot hammer the database).
 * Rotation never breaks a token: the retired key stays in the JWKS until every token it can
 * have signed has expired.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { SigningKeyRow } from './store.ts';
import type { Services } from '../context.ts';
import type { JwsSigner } from './jws.ts';

type KeyUse = SigningKeyRow['use'];
const USES: readonly KeyUse[] = ['id', 'access'];

const CACHE_TTL_MS = 30_000;
const UNKNOWN_KID_RELOAD_MS = 5_000;
/** Longest lifetime of an ID or access token (Cognito's maximum validity: one day). */
export const MAX_TOKEN_LIFETIME_MS = 86_400_000;
/** Slack for clocks of verifiers and nodes that still sign with a key they cached. */
const PUBLISH_SLACK_MS = CACHE_TTL_MS + 5 * 60_000;

interface Jwk {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
}

interface PoolKeys {
  signers: Record<KeyUse, JwsSigner>;
  publicKeys: Map<string, KeyObject>;
  /** Every published key, newest first. */
  jwks: Jwk[];
}

interface CacheEntry {
  keys: Promise<PoolKeys>;
  loadedAt: number;
}

const generateRsa = promisify(generateKeyPair);

/** Pairs kept ready: four pools' ID and access keys, for tests and scripts that make pools back to back. */
const RESERVE_SIZE = 8;
/**
 * Pairs generated at once, each on one of libuv's threads (four by default): the refill alone
 * takes one (a two-core machine keeps a core for its requests), a key waiting for a pair may
 * start a second; two leave the other threads to file I/O and the group commit's fdatasync.
 */
const MAX_GENERATING = 2;

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject };
interface Waiter { resolve(pair: KeyPair): void; reject(e: unknown): void }

/**
 * RSA pairs generated ahead of need, refilled as they are drawn while at least one server in
 * this process has the reserve started (start counts; the last stop ends the refilling). A key
 * wanted while the reserve is empty waits for the next pair to finish, whether it was started
 * for it or for the reserve.
 */
const reserve = {
  pairs: [] as KeyPair[],
  users: 0,
  generating: 0,
  waiting: [] as Waiter[],
};

function generate(): void {
  const wanted = reserve.waiting.length + (reserve.users > 0 ? Math.max(0, RESERVE_SIZE - reserve.pairs.length) : 0);
  const limit = reserve.waiting.length > 0 ? MAX_GENERATING : 1;
  while (reserve.generating < Math.min(limit, wanted)) {
    reserve.generating++;
    generateRsa('rsa', { modulusLength: 2048 }).then(
      (pair) => {
        reserve.generating--;
        const waiter = reserve.waiting.shift();
        if (waiter) waiter.resolve(pair);
        else if (reserve.users > 0 && reserve.pairs.length < RESERVE_SIZE) reserve.pairs.push(pair);
        generate();
      },
      (e: unknown) => {
        reserve.generating--;
        // A key waiting gets the error; a failed refill stops refilling until the next draw.
        const waiter = reserve.waiting.shift();
        if (waiter) {
          waiter.reject(e);
          generate();
        }
      },
    );
  }
}

/**
 * Starts keeping the reserve full (a serving node calls it once it listens). The returned
 * function stops this user's share; with no user left the reserve is emptied.
 */
export function startKeyReserve(): () => void {
  reserve.users++;
  generate();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--reserve.users === 0) reserve.pairs.length = 0;
  };
}

/** For tests: the pairs ready now, and how the keys made so far in this process got their pairs. */
export const reservedKeyPairs = (): number => reserve.pairs.length;
export const keyPairsTaken = { fromReserve: 0, generatedOnTheSpot: 0 };

function newKeyPair(): Promise<KeyPair> {
  const ready = reserve.pairs.shift();
  if (ready) {
    keyPairsTaken.fromReserve++;
    generate();
    return Promise.resolve(ready);
  }
  keyPairsTaken.generatedOnTheSpot++;
  return new Promise<KeyPair>((resolve, reject) => {
    reserve.waiting.push({ resolve, reject });
    generate();
  });
}

/**
 * Makes a new pool's keys now, in the background (CreateUserPool calls it after the pool is
 * stored, without waiting): its first sign-in then finds them stored, or awaits the same
 * creation if it is still running. A failure is only logged at debug level (the pool deleted
 * meanwhile, the node closing): the first use tries again.
 */
export function preparePoolKeys(services: Services, poolId: string): void {
  poolKeys(services, poolId).catch((e: unknown) => services.log.debug({ err: e, poolId }, 'a new pool\'s signing keys were not made ahead; its first use makes them'));
}
/** A server's cache of pools' keys (Services.caches.signingKeys). */
export type SigningKeyCache = Map<string, CacheEntry>;

/** The pool's keys, creating the first ones when the pool has none. The pool must exist. */
export function poolKeys(services: Services, poolId: string): Promise<PoolKeys> {
  const cache = services.caches.signingKeys;
  const entry = cache.get(poolId);
  if (entry && performance.now() - entry.loadedAt < CACHE_TTL_MS) return entry.keys;
  return reload(services, poolId);
}

/** The public key for `kid`, re-reading the pool's keys once if the kid is new to this node. */
export async function publicKeyFor(services: Services, poolId: string, kid: string): Promise<KeyObject | undefined> {
  const found = (await poolKeys(services, poolId)).publicKeys.get(kid);
  if (found) return found;
  const entry = services.caches.signingKeys.get(poolId);
  if (entry && performance.now() - entry.loadedAt < UNKNOWN_KID_RELOAD_MS) return undefined;
  return (await reload(services, poolId)).publicKeys.get(kid);
}

function reload(services: Services, poolId: string): Promise<PoolKeys> {
  const cache = services.caches.signingKeys;
  const keys = load(services, poolId);
  const entry = { keys, loadedAt: performance.now() };
  cache.set(poolId, entry);
  // A failed load must not stick: the next caller tries again.
  keys.catch(() => { if (cache.get(poolId) === entry) cache.delete(poolId); });
  return keys;
}

async function load(services: Services, poolId: string): Promise<PoolKeys> {
  const { store, clock } = services;
  let rows = await store.signingKeys.listPublished(poolId, clock.now());
  const missing = USES.filter((use) => !rows.some((r) => r.use === use && r.retiredAt === null));
  if (missing.length > 0) {
    // Two nodes may get here at once: both insert generation N, one wins, both re-read.
    await Promise.all(missing.map((use) => createKey(services, poolId, use, nextGeneration(rows, use))));
    rows = await store.signingKeys.listPublished(poolId, clock.now());
  }
  const signers = {} as Record<KeyUse, JwsSigner>;
  for (const use of USES) {
    const active = rows.find((r) => r.use === use && r.retiredAt === null);
    if (!active) throw new Error(`pool ${poolId} has no active ${use}-token signing key`);
    const pem = services.vault.openString(active.privateKeyEnc, sealContext(poolId, active.kid));
    signers[use] = { kid: active.kid, privateKey: createPrivateKey(pem) };
  }
  const publicKeys = new Map<string, KeyObject>();
  const jwks: Jwk[] = [];
  for (const r of rows) {
    publicKeys.set(r.kid, createPublicKey({ key: { kty: 'RSA', n: r.publicJwk.n!, e: r.publicJwk.e! }, format: 'jwk' }));
    jwks.push({ alg: 'RS256', e: r.publicJwk.e!, kid: r.kid, kty: 'RSA', n: r.publicJwk.n!, use: 'sig' });
  }
  return { signers, publicKeys, jwks };
}

const nextGeneration = (rows: SigningKeyRow[], use: KeyUse): number =>
  Math.max(0, ...rows.filter((r) => r.use === use).map((r) => r.generation)) + 1;

export const sealContext = (poolId: string, kid: string): string => `pool:${poolId}:signing-key:${kid}`;

async function createKey(services: Services, poolId: string, use: KeyUse, generation: number): Promise<void> {
  const { publicKey, privateKey } = await newKeyPair();
  // Like Cognito's kids: base64 of a SHA-256 digest, here of the public key itself.
  const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64');
  const jwk = publicKey.export({ format: 'jwk' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await services.store.signingKeys.insertIfAbsent({
    poolId, use, generation, kid,
    privateKeyEnc: services.vault.seal(pem, sealContext(poolId, kid)),
    publicJwk: { kty: 'RSA', n: jwk.n!, e: jwk.e! },
    createdAt: services.clock.now(), retiredAt: null, publishUntil: null,
  });
}

/**
 * Rotates the pool's ID- and access-token keys: new keys sign from now on (on other nodes
 * within CACHE_TTL_MS), the old ones stay published until the tokens they signed have expired.
 */
export async function rotateSigningKeys(services: Services, poolId: string): Promise<void> {
  const { store, clock } = services;
  const rows = await store.signingKeys.listPublished(poolId, clock.now());
  await Promise.all(USES.map(async (use) => {
    const generation = nextGeneration(rows, use);
    await createKey(services, poolId, use, generation);
    const now = clock.now();
    await store.signingKeys.retireOlder(poolId, use, generation, now, now + MAX_TOKEN_LIFETIME_MS + PUBLISH_SLACK_MS);
  }));
  services.caches.signingKeys.delete(poolId);
}
