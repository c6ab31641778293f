/** CreateIdentityPool. */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { newIdentityPoolId } from '../ids.ts';
import { configOf, identityPoolOf } from './config.ts';
import type { IdentityPoolRow } from './store.ts';
import { checkTags } from './tags.ts';

/** Cognito's default quota of identity pools per account and region. */
export const MAX_IDENTITY_POOLS = 1000;

export const createIdentityPool: IdentityHandler<'CreateIdentityPool'> = async (input, { services }) => {
  const { store, clock, settings } = services;
  const config = configOf(input);
  const tags = input.IdentityPoolTags ?? {};
  checkTags(tags);
  if (await store.identityPools.count() >= MAX_IDENTITY_POOLS) {
    throw errors.limitExceeded(`You have reached the limit of ${MAX_IDENTITY_POOLS} identity pools.`);
  }
  const now = clock.now();
  const row: IdentityPoolRow = {
    id: newIdentityPoolId(settings.region), name: input.IdentityPoolName, config,
    roles: { Roles: {} }, tagMaps: {}, tags: { ...tags }, createdAt: now, updatedAt: now,
  };
  await store.identityPools.insert(row);
  return identityPoolOf(row);
};
