/** Tagging addresses a pool by its ARN; the tags themselves are the pool's UserPoolTags. */
import { errors } from '../../errors.ts';
import type { PoolRow } from './store.ts';
import type { Repos, RowLock } from '../../storage/store.ts';
import type { DomainSettings } from '../context.ts';
import { userPoolArn } from '../../kernel/ids.ts';

/** The pool an ARN names, when it is one of this server's pool ARNs and the pool exists. */
export async function requireTaggedPool(repos: Repos, settings: DomainSettings, arn: string, lock?: RowLock): Promise<PoolRow> {
  const poolId = arn.slice(arn.lastIndexOf('/') + 1);
  const row = poolId && arn === userPoolArn(settings.region, settings.accountId, poolId) ? await repos.pools.get(poolId, lock) : undefined;
  if (!row) throw errors.resourceNotFound(`The resource ${arn} does not exist.`);
  return row;
}

export const tagsOf = (row: PoolRow): Record<string, string> => row.config.UserPoolTags ?? {};

/** Cognito's limit of tags on one user pool. */
export const MAX_TAGS = 50;
