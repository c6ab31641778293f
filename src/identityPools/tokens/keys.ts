/**
 * The keys that sign identity pools' OpenID tokens: one RSA-2048 key for the server (as
 * Cognito has one issuer for every identity pool), made on first use (a primary key on the
 * generation settles races between nodes), private half sealed (sealed column
 * `identity_signing_key`), cached 30 s per server. Signing and verifying use the user pools'
 * JWS code (userPools/tokens/jws.ts).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JwsSigner } from '../../userPools/tokens/jws.ts';
import type { Services } from '../context.ts';

const CACHE_TTL_MS = 30_000;
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

async function load(services: Services): Promise<IdentityKeys> {
  let rows = await services.store.identityKeys.list();
  if (rows.length === 0) {
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 43);
    const jwk = publicKey.export({ format: 'jwk' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await services.store.identityKeys.insertIfAbsent({
      generation: 1, kid, privateKeyEnc: services.vault.seal(pem, sealContext(kid)),
      publicJwk: { kty: 'RSA', n: jwk.n!, e: jwk.e! }, createdAt: services.clock.now(),
    });
    rows = await services.store.identityKeys.list();
  }
  const active = rows[0]!;
  const publicKeys = new Map<string, KeyObject>();
  for (const r of rows) publicKeys.set(r.kid, createPublicKey({ key: { kty: 'RSA', n: r.publicJwk.n, e: r.publicJwk.e }, format: 'jwk' }));
  return {
    signer: { kid: active.kid, privateKey: createPrivateKey(services.vault.openString(active.privateKeyEnc, sealContext(active.kid))) },
    publicKeys,
    jwks: { keys: rows.map((r) => ({ alg: 'RS256' as const, e: r.publicJwk.e, kid: r.kid, kty: 'RSA' as const, n: r.publicJwk.n, use: 'sig' as const })) },
  };
}
