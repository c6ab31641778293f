import type { Handler } from '../context.ts';
import { newUserPoolId } from '../../kernel/ids.ts';
import { requireMfaFactor } from './mfa-config.ts';
import { buildPoolConfig, describePool } from './pool-config.ts';

export const createUserPool: Handler<'CreateUserPool'> = async (input, ctx) => {
  const { store, clock, settings } = ctx.services;
  const now = clock.now();
  const config = buildPoolConfig(input);
  requireMfaFactor(config);
  const row = {
    id: newUserPoolId(settings.region),
    name: input.PoolName,
    config,
    userCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  await store.pools.insert(row);
  return { UserPool: describePool(row, settings.region, settings.accountId) };
};
