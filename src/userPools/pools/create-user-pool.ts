import type { Handler } from '../context.ts';
import { newUserPoolId } from '../../kernel/ids.ts';
import { warnMfaNotEnforced } from './mfa-enforcement.ts';
import { buildPoolConfig, describePool } from './pool-config.ts';

export const createUserPool: Handler<'CreateUserPool'> = async (input, ctx) => {
  const { store, clock, settings } = ctx.services;
  const now = clock.now();
  const row = {
    id: newUserPoolId(settings.region),
    name: input.PoolName,
    config: buildPoolConfig(input),
    userCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  await store.pools.insert(row);
  warnMfaNotEnforced(ctx.services, row.id, input.MfaConfiguration);
  return { UserPool: describePool(row, settings.region, settings.accountId) };
};
