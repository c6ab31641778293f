/** Pool operations (owner: pools concern). */
import type { Handlers } from '../context.ts';
import { addCustomAttributes } from './add-custom-attributes.ts';
import { createUserPool } from './create-user-pool.ts';
import { deleteUserPool } from './delete-user-pool.ts';
import { describeUserPool } from './describe-user-pool.ts';
import { getUserPoolMfaConfig } from './get-user-pool-mfa-config.ts';
import { listTagsForResource } from './list-tags-for-resource.ts';
import { listUserPools } from './list-user-pools.ts';
import { setUserPoolMfaConfig } from './set-user-pool-mfa-config.ts';
import { tagResource } from './tag-resource.ts';
import { untagResource } from './untag-resource.ts';
import { updateUserPool } from './update-user-pool.ts';

export const poolHandlers: Handlers = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
  UpdateUserPool: updateUserPool,
  DeleteUserPool: deleteUserPool,
  ListUserPools: listUserPools,
  AddCustomAttributes: addCustomAttributes,
  GetUserPoolMfaConfig: getUserPoolMfaConfig,
  SetUserPoolMfaConfig: setUserPoolMfaConfig,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
