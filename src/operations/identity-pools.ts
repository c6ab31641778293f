/**
 * The Identity Pools API (`AWSCognitoIdentityService.*`): operation name → handler. Auth modes
 * (GetId, GetCredentialsForIdentity, GetOpenIdToken and UnlinkIdentity unsigned, the rest SigV4
 * with the `cognito-identity` scope) and input constraints come from the model (table.ts).
 */
import { identityPoolHandlers } from '../identityPools/index.ts';
import { buildTable } from './table.ts';

export const identityPoolsTable = () => buildTable('cognito-identity', identityPoolHandlers);
