import type { Handler } from '../context.ts';
import { listPage } from './pagination.ts';

export const listUserPools: Handler<'ListUserPools'> = async (input, ctx) => {
  const page = await listPage(input.MaxResults, input.NextToken, (p) => ctx.services.store.pools.list(p));
  return {
    UserPools: page.items.map((row) => ({
      Id: row.id,
      Name: row.name,
      LambdaConfig: row.config.LambdaConfig ?? {},
      LastModifiedDate: new Date(row.updatedAt),
      CreationDate: new Date(row.createdAt),
    })),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};
