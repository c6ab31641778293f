/** CreateIdentityPool, within the account's limit of identity pools (`identityPoolsPerAccount`, 1,000 as Cognito's quota). */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { newIdentityPoolId } from '../ids.ts';
import { configOf, identityPoolOf } from './config.ts';
import type { IdentityPoolRow } from './store.ts';
import { checkTags } from './tags.ts';

export const DEFAULT_IDENTITY_POOLS_PER_ACCOUNT = 1000;

export const createIdentityPool: IdentityHandler<'CreateIdentityPool'> = async (input, { services }) => {
  const { store, clock, settings } = services;
  const config = configOf(input);
  const tags = input.IdentityPoolTags ?? {};
  checkTags(tags);
  const now = clock.now();
  const row: IdentityPoolRow = {
    id: newIdentityPoolId(settings.region), name: input.IdentityPoolName, config,
    roles: { Roles: {} }, tagMaps: {}, tags: { ...tags }, createdAt: now, updatedAt: now,
  };
  // Counted and inserted in one transaction: concurrent creations cannot pass the account's limit.
  const max = settings.identityPoolsPerAccount ?? DEFAULT_IDENTITY_POOLS_PER_ACCOUNT;
  await store.transaction(async (tx) => {
    if (!(await tx.identityPools.claimSlot(max))) {
      throw errors.limitExceeded(`The account has reached its limit of ${max} identity pools.`);
    }
    await tx.identityPools.insert(row);
  });
  return identityPoolOf(row);
};
