import type { Handler } from '../context.ts';
import { newUserPoolId } from '../../kernel/ids.ts';
import { requireMfaFactor } from './mfa-config.ts';
import { buildPoolConfig, describePool } from './pool-config.ts';
import { preparePoolKeys } from '../tokens/signing-keys.ts';

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
  // Its signing keys, made while the caller sets the pool up: its first sign-in finds them.
  preparePoolKeys(ctx.services, row.id);
  return { UserPool: describePool(row, settings.region, settings.accountId) };
};
