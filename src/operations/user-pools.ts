/**
 * The User Pools API (`AWSCognitoIdentityProviderService.*`): operation name → handler, gathered
 * from each concern's index. Auth modes and input constraints come from the model (table.ts);
 * the signed-in user's operations are declared here as taking an access token with Cognito's
 * `aws.cognito.signin.user.admin` scope.
 */
import { quotaHandlers } from '../quotas/provisioned-limit.ts';
import { authHandlers } from '../userPools/auth/index.ts';
import { brandingHandlers } from '../userPools/branding/index.ts';
import { clientHandlers } from '../userPools/clients/index.ts';
import { domainHandlers } from '../userPools/domains/index.ts';
import { deviceHandlers, deviceUserHandlers } from '../userPools/devices/index.ts';
import { groupHandlers } from '../userPools/groups/index.ts';
import { oauthHandlers } from '../userPools/oauth/index.ts';
import { mfaHandlers, mfaUserHandlers } from '../userPools/mfa/index.ts';
import { passkeyHandlers, passkeyUserHandlers } from '../userPools/passkeys/index.ts';
import { poolHandlers } from '../userPools/pools/index.ts';
import { resourceServerHandlers } from '../userPools/resource-servers/index.ts';
import { termsHandlers } from '../userPools/terms/index.ts';
import { selfAdminHandlers, selfHandlers } from '../userPools/self/index.ts';
import { ADMIN_SCOPE } from '../userPools/tokens/claims.ts';
import { userHandlers } from '../userPools/users/index.ts';
import { buildTable, requireAccessToken, type Declarations } from './table.ts';

const userPoolOperations: Declarations = {
  ...poolHandlers,
  ...clientHandlers,
  ...userHandlers,
  ...groupHandlers,
  ...authHandlers,
  ...selfAdminHandlers,
  ...requireAccessToken(ADMIN_SCOPE, selfHandlers),
  ...mfaHandlers,
  ...requireAccessToken(ADMIN_SCOPE, mfaUserHandlers),
  ...passkeyHandlers,
  ...requireAccessToken(ADMIN_SCOPE, passkeyUserHandlers),
  ...deviceHandlers,
  ...requireAccessToken(ADMIN_SCOPE, deviceUserHandlers),
  ...quotaHandlers,
  ...domainHandlers,
  ...resourceServerHandlers,
  ...oauthHandlers,
  ...brandingHandlers,
  ...termsHandlers,
};

export const userPoolsTable = () => buildTable('cognito-idp', userPoolOperations);
