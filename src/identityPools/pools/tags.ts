/** Identity pool tags: limits, and the pool an identity pool ARN names. */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import { poolIdOfArn } from '../ids.ts';
import { requireIdentityPool } from './load.ts';
import type { IdentityPoolRow } from './store.ts';

export const MAX_TAGS = 50;

export function checkTags(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS) throw errors.invalidParameter(`An identity pool can have at most ${MAX_TAGS} tags.`);
  for (const key of Object.keys(tags)) {
    if (key.startsWith('aws:')) throw errors.invalidParameter('Tag keys starting with aws: are reserved.');
  }
}

/** The pool of `ResourceArn` (read under an update lock when `lock`, inside a transaction). */
export async function poolOfArn(services: Services, repos: Repos, arn: string, lock?: 'update'): Promise<IdentityPoolRow> {
  const id = poolIdOfArn(arn, services.settings.region, services.settings.accountId);
  if (!id) throw errors.resourceNotFound(`Resource '${arn.slice(0, 1011)}' not found.`);
  return requireIdentityPool(repos, id, lock);
}
