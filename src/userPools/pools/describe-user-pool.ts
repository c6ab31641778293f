import type { Handler } from '../context.ts';
import { requirePoolRow } from './load.ts';
import { describePool } from './pool-config.ts';

export const describeUserPool: Handler<'DescribeUserPool'> = async (input, ctx) => {
  const { store, settings } = ctx.services;
  const row = await requirePoolRow(store, input.UserPoolId);
  const domains = await store.domains.forPool(row.id);
  const prefix = domains.find((d) => d.kind === 'prefix');
  const custom = domains.find((d) => d.kind === 'custom');
  return {
    UserPool: {
      ...describePool(row, settings.region, settings.accountId),
      ...(prefix ? { Domain: prefix.domain } : {}),
      ...(custom ? { CustomDomain: custom.domain } : {}),
    },
  };
};
