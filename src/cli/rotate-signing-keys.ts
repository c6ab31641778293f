/**
 * `alcove rotate-signing-keys --pool ID`: new ID- and access-token signing keys for a pool.
 * Tokens are signed with them from now on (by running servers within their 30 s key cache); the
 * old keys stay in the pool's JWKS until every token they signed has expired.
 * `alcove rotate-signing-keys --identity-pools`: the same for the key of identity pools' OpenID tokens.
 */
import type { Settings } from '../config.ts';
import { rotateIdentityKey } from '../identityPools/tokens/keys.ts';
import { poolKeys, rotateSigningKeys } from '../userPools/tokens/signing-keys.ts';
import { offlineServices } from './services.ts';

export async function rotatePoolSigningKeys(settings: Settings, poolId: string | undefined): Promise<void> {
  if (!poolId) throw new Error('rotate-signing-keys needs --pool <user pool id>');
  const services = await offlineServices(settings);
  try {
    if (!(await services.store.pools.get(poolId))) throw new Error(`user pool ${poolId} does not exist`);
    const before = new Set((await poolKeys(services, poolId)).jwks.map((k) => k.kid));
    await rotateSigningKeys(services, poolId);
    const { signers, jwks } = await poolKeys(services, poolId);
    process.stdout.write(`pool ${poolId}: ID tokens are now signed with key ${signers.id.kid}, access tokens with ${signers.access.kid}\n`);
    const retired = jwks.filter((k) => before.has(k.kid));
    process.stdout.write(`${retired.length} earlier key(s) stay published until the tokens they signed have expired\n`);
  } finally {
    await services.store.close();
  }
}

export async function rotateIdentitySigningKey(settings: Settings): Promise<void> {
  const services = await offlineServices(settings);
  try {
    const { kid, generation } = await rotateIdentityKey(services);
    process.stdout.write(`identity pools: OpenID tokens are now signed with key ${kid} (generation ${generation}); the earlier key stays published for 24 hours\n`);
  } finally {
    await services.store.close();
  }
}
