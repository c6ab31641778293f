import type { Handler } from '../context.ts';
import { requirePoolRow } from './load.ts';
import { describePool } from './pool-config.ts';

export const describeUserPool: Handler<'DescribeUserPool'> = async (input, ctx) => {
  const { store, settings } = ctx.services;
  const row = await requirePoolRow(store, input.UserPoolId);
  return { UserPool: describePool(row, settings.region, settings.accountId) };
};
