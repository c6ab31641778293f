/** User pool domain operations (owner: domains concern). */
import type { Handlers } from '../context.ts';
import { createUserPoolDomain } from './create-user-pool-domain.ts';
import { deleteUserPoolDomain } from './delete-user-pool-domain.ts';
import { describeUserPoolDomain } from './describe-user-pool-domain.ts';
import { updateUserPoolDomain } from './update-user-pool-domain.ts';

export { poolForHost } from './host.ts';

export const domainHandlers: Handlers = {
  CreateUserPoolDomain: createUserPoolDomain,
  DescribeUserPoolDomain: describeUserPoolDomain,
  UpdateUserPoolDomain: updateUserPoolDomain,
  DeleteUserPoolDomain: deleteUserPoolDomain,
};
