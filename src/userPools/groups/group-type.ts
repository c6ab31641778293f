/** A group as the API shows it, and finding one or failing as Cognito does. */
import type { GroupType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { GroupRow } from './store.ts';
import type { Repos, RowLock } from '../../storage/store.ts';

export function toGroupType(row: GroupRow): GroupType {
  return {
    GroupName: row.name,
    UserPoolId: row.poolId,
    ...(row.description !== null ? { Description: row.description } : {}),
    ...(row.roleArn !== null ? { RoleArn: row.roleArn } : {}),
    ...(row.precedence !== null ? { Precedence: row.precedence } : {}),
    LastModifiedDate: new Date(row.updatedAt),
    CreationDate: new Date(row.createdAt),
  };
}

export async function requireGroup(repos: Repos, poolId: string, name: string, lock?: RowLock): Promise<GroupRow> {
  const group = await repos.groups.get(poolId, name, lock);
  if (!group) throw errors.resourceNotFound('Group not found.');
  return group;
}
