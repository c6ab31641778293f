import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireGroup, toGroupType } from './group-type.ts';

/** Changes the members given; the ones left out keep their values. */
export const updateGroup: Handler<'UpdateGroup'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const row = await store.transaction(async (tx) => {
    const pool = await requirePool(tx, input.UserPoolId);
    const group = await requireGroup(tx, pool.id, input.GroupName);
    const updated = {
      ...group,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.Precedence !== undefined ? { precedence: input.Precedence } : {}),
      ...(input.RoleArn !== undefined ? { roleArn: input.RoleArn } : {}),
      updatedAt: clock.now(),
    };
    await tx.groups.update(updated);
    return updated;
  });
  return { Group: toGroupType(row) };
};
