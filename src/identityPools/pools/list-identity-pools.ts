/** ListIdentityPools: pages in pool id order. */
import { errors } from '../../errors.ts';
import type { IdentityHandler } from '../context.ts';

export const listIdentityPools: IdentityHandler<'ListIdentityPools'> = async (input, { services }) => {
  let page;
  try {
    page = await services.store.identityPools.list({ limit: input.MaxResults, ...(input.NextToken ? { after: input.NextToken } : {}) });
  } catch (e) {
    if ((e as Error).name === 'InvalidCursor') throw errors.invalidParameter('Invalid NextToken.');
    throw e;
  }
  return {
    IdentityPools: page.items.map((p) => ({ IdentityPoolId: p.id, IdentityPoolName: p.name })),
    ...(page.next ? { NextToken: page.next } : {}),
  };
};
