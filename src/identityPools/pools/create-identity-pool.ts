/** CreateIdentityPool. */
import type { IdentityHandler } from '../context.ts';
import { newIdentityPoolId } from '../ids.ts';
import { configOf, identityPoolOf } from './config.ts';
import type { IdentityPoolRow } from './store.ts';
import { checkTags } from './tags.ts';

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
  await store.identityPools.insert(row);
  return identityPoolOf(row);
};
