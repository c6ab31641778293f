/** DescribeIdentityPool. */
import type { IdentityHandler } from '../context.ts';
import { identityPoolOf } from './config.ts';
import { requireIdentityPool } from './load.ts';

export const describeIdentityPool: IdentityHandler<'DescribeIdentityPool'> = async (input, { services }) =>
  identityPoolOf(await requireIdentityPool(services.store, input.IdentityPoolId, undefined));
