/**
 * The keys that sign identity pools' OpenID tokens: one RSA-2048 key for the server at a time (as
 * Cognito has one issuer for every identity pool), made on first use (a primary key on the
 * generation settles races between nodes), private half sealed (sealed column
 * `identity_signing_key`), cached 30 s per server (reloaded sooner for a `kid` it does not know).
 * Signing and verifying use the user pools' JWS code (userPools/tokens/jws.ts).
 *
 * Rotation (`alcove rotate-signing-keys --identity-pools`, and the key-rotation worker with
 * `signingKeyRotationDays`) adds the next generation, which signs from then on; a replaced key
 * stays published and accepted until the longest token it can have signed (24 h, the longest
 * TokenDuration) has expired after its successor was made.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JwsSigner } from '../../userPools/tokens/jws.ts';
import type { Services } from '../context.ts';

const CACHE_TTL_MS = 30_000;
/** A `kid` not in the cache reloads the keys, at most this often. */
const UNKNOWN_KID_RELOAD_MS = 1_000;
/** The longest identity token (TokenDuration's maximum), and clock skew: how long a replaced key stays published. */
const RETIRED_KEY_MS = 86_400_000 + 5 * 60_000;
const generateRsa = promisify(generateKeyPair);

export const sealContext = (kid: string): string => `identity-pools:signing-key:${kid}`;

interface IdentityKeys {
  signer: JwsSigner;
  publicKeys: Map<string, KeyObject>;
  jwks: { keys: { alg: 'RS256'; e: string; kid: string; kty: 'RSA'; n: string; use: 'sig' }[] };
}

/** Per server (keyed by its Services), never per module. */
const caches = new WeakMap<Services, { keys: Promise<IdentityKeys>; loadedAt: number }>();

export function identityKeys(services: Services): Promise<IdentityKeys> {
  const entry = caches.get(services);
  if (entry && performance.now() - entry.loadedAt < CACHE_TTL_MS) return entry.keys;
  const keys = load(services);
  const fresh = { keys, loadedAt: performance.now() };
  caches.set(services, fresh);
  keys.catch(() => { if (caches.get(services) === fresh) caches.delete(services); });
  return keys;
}

/** A key's public half by `kid`, reloading the keys (at most once a second) for a `kid` the cache does not hold. */
export async function identityPublicKey(services: Services, kid: string): Promise<KeyObject | undefined> {
  const key = (await identityKeys(services)).publicKeys.get(kid);
  if (key) return key;
  const entry = caches.get(services);
  if (entry && performance.now() - entry.loadedAt < UNKNOWN_KID_RELOAD_MS) return undefined;
  caches.delete(services);
  return (await identityKeys(services)).publicKeys.get(kid);
}

/** Makes and stores the key of `generation`, unless another node did; true when this call stored it. */
async function addKey(services: Services, generation: number): Promise<{ kid: string; stored: boolean }> {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 43);
  const jwk = publicKey.export({ format: 'jwk' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const stored = await services.store.identityKeys.insertIfAbsent({
    generation, kid, privateKeyEnc: services.vault.seal(pem, sealContext(kid)),
    publicJwk: { kty: 'RSA', n: jwk.n!, e: jwk.e! }, createdAt: services.clock.now(),
  });
  return { kid, stored };
}

/**
 * Rotates the identity key: the next generation signs from now on (on other nodes within their
 * 30 s cache). Concurrent rotations add one generation (its primary key); returns the new key's
 * `kid` and the generation that is now active.
 */
export async function rotateIdentityKey(services: Services): Promise<{ kid: string; generation: number }> {
  const rows = await services.store.identityKeys.list();
  const generation = (rows[0]?.generation ?? 0) + 1;
  await addKey(services, generation);
  caches.delete(services);
  const active = (await services.store.identityKeys.list())[0]!;
  return { kid: active.kid, generation: active.generation };
}

/** When the active identity key was made; undefined before the first token. */
export async function identityKeyCreatedAt(services: Services): Promise<number | undefined> {
  return (await services.store.identityKeys.list())[0]?.createdAt;
}

async function load(services: Services): Promise<IdentityKeys> {
  let all = await services.store.identityKeys.list();
  if (all.length === 0) {
    await addKey(services, 1);
    all = await services.store.identityKeys.list();
  }
  // The active key, and replaced ones until the tokens they can have signed have expired.
  const now = services.clock.now();
  const rows = all.filter((r, i) => i === 0 || all[i - 1]!.createdAt + RETIRED_KEY_MS > now);
  const active = rows[0]!;
  const publicKeys = new Map<string, KeyObject>();
  for (const r of rows) publicKeys.set(r.kid, createPublicKey({ key: { kty: 'RSA', n: r.publicJwk.n, e: r.publicJwk.e }, format: 'jwk' }));
  return {
    signer: { kid: active.kid, privateKey: createPrivateKey(services.vault.openString(active.privateKeyEnc, sealContext(active.kid))) },
    publicKeys,
    jwks: { keys: rows.map((r) => ({ alg: 'RS256' as const, e: r.publicJwk.e, kid: r.kid, kty: 'RSA' as const, n: r.publicJwk.n, use: 'sig' as const })) },
  };
}
