/**
 * The User Pools API (`AWSCognitoIdentityProviderService.*`): operation name → handler, gathered
 * from each concern's index. Auth modes and input constraints come from the model (table.ts).
 */
import { authHandlers } from '../userPools/auth/index.ts';
import { clientHandlers } from '../userPools/clients/index.ts';
import type { Handler } from '../userPools/context.ts';
import { groupHandlers } from '../userPools/groups/index.ts';
import { poolHandlers } from '../userPools/pools/index.ts';
import { selfHandlers } from '../userPools/self/index.ts';
import { userHandlers } from '../userPools/users/index.ts';
import { quotaHandlers } from '../quotas/provisioned-limit.ts';
import { buildTable } from './table.ts';

export const userPoolHandlers: Record<string, Handler> = {
  ...poolHandlers,
  ...clientHandlers,
  ...userHandlers,
  ...groupHandlers,
  ...authHandlers,
  ...selfHandlers,
  ...quotaHandlers,
};

export const userPoolsTable = () => buildTable('cognito-idp', userPoolHandlers);
