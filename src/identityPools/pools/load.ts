/** Reading an identity pool for an operation, with Cognito's answer when it does not exist. */
import { errors } from '../../errors.ts';
import type { RowLock } from '../../storage/store.ts';
import type { Repos } from '../../storage/store.ts';
import type { IdentityPoolRow } from './store.ts';

export const poolNotFound = (id: string) => errors.resourceNotFound(`IdentityPool '${id}' not found.`);

export async function requireIdentityPool(repos: Repos, id: string, lock?: RowLock): Promise<IdentityPoolRow> {
  const pool = lock ? await repos.identityPools.get(id, lock) : await repos.identityPools.getCached(id);
  if (!pool) throw poolNotFound(id);
  return pool;
}
