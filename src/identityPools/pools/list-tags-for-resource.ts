/** ListTagsForResource on an identity pool ARN. */
import type { IdentityHandler } from '../context.ts';
import { poolOfArn } from './tags.ts';

export const listTagsForResource: IdentityHandler<'ListTagsForResource'> = async (input, { services }) => {
  const pool = await poolOfArn(services, services.store, input.ResourceArn);
  return { Tags: pool.tags };
};
