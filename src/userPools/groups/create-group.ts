import { errors } from '../../errors.ts';
import { UniqueViolation } from '../../storage/store.ts';
import type { GroupRow } from './store.ts';
import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { toGroupType } from './group-type.ts';

export const createGroup: Handler<'CreateGroup'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  const name = input.GroupName;
  const exists = () => errors.groupExists(`A group with the name ${name} already exists.`);
  const row = await store.transaction(async (tx) => {
    const pool = await requirePool(tx, input.UserPoolId);
    if (await tx.groups.get(pool.id, name)) throw exists();
    const now = clock.now();
    const group: GroupRow = {
      poolId: pool.id,
      name,
      description: input.Description ?? null,
      precedence: input.Precedence ?? null,
      roleArn: input.RoleArn ?? null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await tx.groups.insert(group);
    } catch (e) {
      // Two concurrent creates of the same name: the primary key decides.
      if (e instanceof UniqueViolation) throw exists();
      throw e;
    }
    return group;
  });
  return { Group: toGroupType(row) };
};
