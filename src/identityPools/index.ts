/** The identity pool operations (`AWSCognitoIdentityService.*`), gathered for operations/identity-pools.ts. */
import type { IdentityHandlers } from './context.ts';
import { deleteIdentities } from './identities/delete-identities.ts';
import { describeIdentity } from './identities/describe-identity.ts';
import { getCredentialsForIdentity } from './identities/get-credentials-for-identity.ts';
import { getId } from './identities/get-id.ts';
import { getOpenIdToken } from './identities/get-open-id-token.ts';
import { getOpenIdTokenForDeveloperIdentity } from './identities/get-open-id-token-for-developer-identity.ts';
import { listIdentities } from './identities/list-identities.ts';
import { lookupDeveloperIdentity } from './identities/lookup-developer-identity.ts';
import { mergeDeveloperIdentities } from './identities/merge-developer-identities.ts';
import { unlinkDeveloperIdentity } from './identities/unlink-developer-identity.ts';
import { unlinkIdentity } from './identities/unlink-identity.ts';
import { createIdentityPool } from './pools/create-identity-pool.ts';
import { deleteIdentityPool } from './pools/delete-identity-pool.ts';
import { describeIdentityPool } from './pools/describe-identity-pool.ts';
import { getIdentityPoolRoles } from './pools/get-identity-pool-roles.ts';
import { getPrincipalTagAttributeMap } from './pools/get-principal-tag-attribute-map.ts';
import { listIdentityPools } from './pools/list-identity-pools.ts';
import { listTagsForResource } from './pools/list-tags-for-resource.ts';
import { setIdentityPoolRoles } from './pools/set-identity-pool-roles.ts';
import { setPrincipalTagAttributeMap } from './pools/set-principal-tag-attribute-map.ts';
import { tagResource } from './pools/tag-resource.ts';
import { untagResource } from './pools/untag-resource.ts';
import { updateIdentityPool } from './pools/update-identity-pool.ts';

export const identityPoolHandlers: IdentityHandlers = {
  CreateIdentityPool: createIdentityPool,
  DescribeIdentityPool: describeIdentityPool,
  UpdateIdentityPool: updateIdentityPool,
  DeleteIdentityPool: deleteIdentityPool,
  ListIdentityPools: listIdentityPools,
  SetIdentityPoolRoles: setIdentityPoolRoles,
  GetIdentityPoolRoles: getIdentityPoolRoles,
  SetPrincipalTagAttributeMap: setPrincipalTagAttributeMap,
  GetPrincipalTagAttributeMap: getPrincipalTagAttributeMap,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  GetOpenIdToken: getOpenIdToken,
  DescribeIdentity: describeIdentity,
  ListIdentities: listIdentities,
  DeleteIdentities: deleteIdentities,
  UnlinkIdentity: unlinkIdentity,
  GetOpenIdTokenForDeveloperIdentity: getOpenIdTokenForDeveloperIdentity,
  LookupDeveloperIdentity: lookupDeveloperIdentity,
  MergeDeveloperIdentities: mergeDeveloperIdentities,
  UnlinkDeveloperIdentity: unlinkDeveloperIdentity,
};
