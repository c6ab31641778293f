/** App client operations (owner: clients concern). */
import type { Handlers } from '../context.ts';
import { addUserPoolClientSecret } from './add-user-pool-client-secret.ts';
import { createUserPoolClient } from './create-user-pool-client.ts';
import { deleteUserPoolClient } from './delete-user-pool-client.ts';
import { deleteUserPoolClientSecret } from './delete-user-pool-client-secret.ts';
import { describeUserPoolClient } from './describe-user-pool-client.ts';
import { listUserPoolClientSecrets } from './list-user-pool-client-secrets.ts';
import { listUserPoolClients } from './list-user-pool-clients.ts';
import { updateUserPoolClient } from './update-user-pool-client.ts';

export const clientHandlers: Handlers = {
  CreateUserPoolClient: createUserPoolClient,
  DescribeUserPoolClient: describeUserPoolClient,
  UpdateUserPoolClient: updateUserPoolClient,
  DeleteUserPoolClient: deleteUserPoolClient,
  ListUserPoolClients: listUserPoolClients,
  AddUserPoolClientSecret: addUserPoolClientSecret,
  ListUserPoolClientSecrets: listUserPoolClientSecrets,
  DeleteUserPoolClientSecret: deleteUserPoolClientSecret,
};
