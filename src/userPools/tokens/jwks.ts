/** The pool's public signing keys, as published at its `.well-known/jwks.json`. */
import type { Services } from '../context.ts';
import { poolKeys } from './signing-keys.ts';

/** The pool's published keys as a JWKS document. The pool must exist. */
export async function jwksOf(services: Services, poolId: string): Promise<{ keys: unknown[] }> {
  return { keys: (await poolKeys(services, poolId)).jwks };
}
