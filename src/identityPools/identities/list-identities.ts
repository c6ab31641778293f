/** ListIdentities: a pool's identities in id order (HideDisabled leaves out merged-away ones). */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { describe } from './describe-identity.ts';

export const listIdentities: IdentityHandler<'ListIdentities'> = async (input, { services }) => {
  const { store } = services;
  const pool = await requireIdentityPool(store, input.IdentityPoolId);
  let page;
  try {
    page = await store.identities.list(pool.id, input.HideDisabled === true, {
      limit: input.MaxResults, ...(input.NextToken ? { after: input.NextToken } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'InvalidCursor') throw errors.invalidParameter('Invalid NextToken.');
    throw e;
  }
  const logins = await store.identities.loginsOfMany(page.items.map((i) => i.id));
  return {
    IdentityPoolId: pool.id,
    Identities: page.items.map((i) => describe(i, logins.filter((l) => l.identityId === i.id))),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};
