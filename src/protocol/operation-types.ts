// Generated from src/protocol/catalog/cognito-idp.json by scripts/gen-operation-types.ts
// (`npm run gen:catalog`); do not edit.
/**
 * Each user-pool operation's input and output types: the AWS SDK's, with the members the model
 * marks required present (input validation has checked them before a handler runs).
 */
import type * as Sdk from '@aws-sdk/client-cognito-identity-provider';

/** `T` with the members `K` present and not undefined. */
type Present<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

export interface CognitoIdpOperations {
  AddCustomAttributes: { input: Present<Sdk.AddCustomAttributesRequest, 'UserPoolId' | 'CustomAttributes'>; output: Sdk.AddCustomAttributesResponse };
  AddUserPoolClientSecret: { input: Present<Sdk.AddUserPoolClientSecretRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.AddUserPoolClientSecretResponse };
  AdminAddUserToGroup: { input: Present<Sdk.AdminAddUserToGroupRequest, 'UserPoolId' | 'Username' | 'GroupName'>; output: {} };
  AdminConfirmSignUp: { input: Present<Sdk.AdminConfirmSignUpRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminConfirmSignUpResponse };
  AdminCreateUser: { input: Present<Sdk.AdminCreateUserRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminCreateUserResponse };
  AdminDeleteSoftwareToken: { input: Present<Sdk.AdminDeleteSoftwareTokenRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminDeleteSoftwareTokenResponse };
  AdminDeleteUser: { input: Present<Sdk.AdminDeleteUserRequest, 'UserPoolId' | 'Username'>; output: {} };
  AdminDeleteUserAttributes: { input: Present<Sdk.AdminDeleteUserAttributesRequest, 'UserPoolId' | 'Username' | 'UserAttributeNames'>; output: Sdk.AdminDeleteUserAttributesResponse };
  AdminDisableProviderForUser: { input: Present<Sdk.AdminDisableProviderForUserRequest, 'UserPoolId' | 'User'>; output: Sdk.AdminDisableProviderForUserResponse };
  AdminDisableUser: { input: Present<Sdk.AdminDisableUserRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminDisableUserResponse };
  AdminEnableUser: { input: Present<Sdk.AdminEnableUserRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminEnableUserResponse };
  AdminForgetDevice: { input: Present<Sdk.AdminForgetDeviceRequest, 'UserPoolId' | 'Username' | 'DeviceKey'>; output: {} };
  AdminGetDevice: { input: Present<Sdk.AdminGetDeviceRequest, 'DeviceKey' | 'UserPoolId' | 'Username'>; output: Sdk.AdminGetDeviceResponse };
  AdminGetUser: { input: Present<Sdk.AdminGetUserRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminGetUserResponse };
  AdminGetUserAuthFactors: { input: Present<Sdk.AdminGetUserAuthFactorsRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminGetUserAuthFactorsResponse };
  AdminInitiateAuth: { input: Present<Sdk.AdminInitiateAuthRequest, 'UserPoolId' | 'ClientId' | 'AuthFlow'>; output: Sdk.AdminInitiateAuthResponse };
  AdminLinkProviderForUser: { input: Present<Sdk.AdminLinkProviderForUserRequest, 'UserPoolId' | 'DestinationUser' | 'SourceUser'>; output: Sdk.AdminLinkProviderForUserResponse };
  AdminListDevices: { input: Present<Sdk.AdminListDevicesRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminListDevicesResponse };
  AdminListGroupsForUser: { input: Present<Sdk.AdminListGroupsForUserRequest, 'Username' | 'UserPoolId'>; output: Sdk.AdminListGroupsForUserResponse };
  AdminListUserAuthEvents: { input: Present<Sdk.AdminListUserAuthEventsRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminListUserAuthEventsResponse };
  AdminListUserSessions: { input: Present<Sdk.AdminListUserSessionsRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminListUserSessionsResponse };
  AdminRemoveUserFromGroup: { input: Present<Sdk.AdminRemoveUserFromGroupRequest, 'UserPoolId' | 'Username' | 'GroupName'>; output: {} };
  AdminResetUserPassword: { input: Present<Sdk.AdminResetUserPasswordRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminResetUserPasswordResponse };
  AdminRespondToAuthChallenge: { input: Present<Sdk.AdminRespondToAuthChallengeRequest, 'UserPoolId' | 'ClientId' | 'ChallengeName'>; output: Sdk.AdminRespondToAuthChallengeResponse };
  AdminRevokeUserSession: { input: Present<Sdk.AdminRevokeUserSessionRequest, 'UserPoolId' | 'Username' | 'SessionId'>; output: Sdk.AdminRevokeUserSessionResponse };
  AdminSetUserMFAPreference: { input: Present<Sdk.AdminSetUserMFAPreferenceRequest, 'Username' | 'UserPoolId'>; output: Sdk.AdminSetUserMFAPreferenceResponse };
  AdminSetUserPassword: { input: Present<Sdk.AdminSetUserPasswordRequest, 'UserPoolId' | 'Username' | 'Password'>; output: Sdk.AdminSetUserPasswordResponse };
  AdminSetUserSettings: { input: Present<Sdk.AdminSetUserSettingsRequest, 'UserPoolId' | 'Username' | 'MFAOptions'>; output: Sdk.AdminSetUserSettingsResponse };
  AdminUpdateAuthEventFeedback: { input: Present<Sdk.AdminUpdateAuthEventFeedbackRequest, 'UserPoolId' | 'Username' | 'EventId' | 'FeedbackValue'>; output: Sdk.AdminUpdateAuthEventFeedbackResponse };
  AdminUpdateDeviceStatus: { input: Present<Sdk.AdminUpdateDeviceStatusRequest, 'UserPoolId' | 'Username' | 'DeviceKey'>; output: Sdk.AdminUpdateDeviceStatusResponse };
  AdminUpdateUserAttributes: { input: Present<Sdk.AdminUpdateUserAttributesRequest, 'UserPoolId' | 'Username' | 'UserAttributes'>; output: Sdk.AdminUpdateUserAttributesResponse };
  AdminUserGlobalSignOut: { input: Present<Sdk.AdminUserGlobalSignOutRequest, 'UserPoolId' | 'Username'>; output: Sdk.AdminUserGlobalSignOutResponse };
  AssociateSoftwareToken: { input: Sdk.AssociateSoftwareTokenRequest; output: Sdk.AssociateSoftwareTokenResponse };
  ChangePassword: { input: Present<Sdk.ChangePasswordRequest, 'ProposedPassword' | 'AccessToken'>; output: Sdk.ChangePasswordResponse };
  CompleteWebAuthnRegistration: { input: Present<Sdk.CompleteWebAuthnRegistrationRequest, 'AccessToken' | 'Credential'>; output: Sdk.CompleteWebAuthnRegistrationResponse };
  ConfirmDevice: { input: Present<Sdk.ConfirmDeviceRequest, 'AccessToken' | 'DeviceKey'>; output: Sdk.ConfirmDeviceResponse };
  ConfirmForgotPassword: { input: Present<Sdk.ConfirmForgotPasswordRequest, 'ClientId' | 'Username' | 'ConfirmationCode' | 'Password'>; output: Sdk.ConfirmForgotPasswordResponse };
  ConfirmSignUp: { input: Present<Sdk.ConfirmSignUpRequest, 'ClientId' | 'Username' | 'ConfirmationCode'>; output: Sdk.ConfirmSignUpResponse };
  CreateGroup: { input: Present<Sdk.CreateGroupRequest, 'GroupName' | 'UserPoolId'>; output: Sdk.CreateGroupResponse };
  CreateIdentityProvider: { input: Present<Sdk.CreateIdentityProviderRequest, 'UserPoolId' | 'ProviderName' | 'ProviderType' | 'ProviderDetails'>; output: Sdk.CreateIdentityProviderResponse };
  CreateManagedLoginBranding: { input: Present<Sdk.CreateManagedLoginBrandingRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.CreateManagedLoginBrandingResponse };
  CreateResourceServer: { input: Present<Sdk.CreateResourceServerRequest, 'UserPoolId' | 'Identifier' | 'Name'>; output: Sdk.CreateResourceServerResponse };
  CreateTerms: { input: Present<Sdk.CreateTermsRequest, 'UserPoolId' | 'ClientId' | 'TermsName' | 'TermsSource' | 'Enforcement'>; output: Sdk.CreateTermsResponse };
  CreateUserImportJob: { input: Present<Sdk.CreateUserImportJobRequest, 'JobName' | 'UserPoolId' | 'CloudWatchLogsRoleArn'>; output: Sdk.CreateUserImportJobResponse };
  CreateUserPool: { input: Present<Sdk.CreateUserPoolRequest, 'PoolName'>; output: Sdk.CreateUserPoolResponse };
  CreateUserPoolClient: { input: Present<Sdk.CreateUserPoolClientRequest, 'UserPoolId' | 'ClientName'>; output: Sdk.CreateUserPoolClientResponse };
  CreateUserPoolDomain: { input: Present<Sdk.CreateUserPoolDomainRequest, 'Domain' | 'UserPoolId'>; output: Sdk.CreateUserPoolDomainResponse };
  CreateUserPoolReplica: { input: Present<Sdk.CreateUserPoolReplicaRequest, 'UserPoolId' | 'RegionName'>; output: Sdk.CreateUserPoolReplicaResponse };
  DeleteGroup: { input: Present<Sdk.DeleteGroupRequest, 'GroupName' | 'UserPoolId'>; output: {} };
  DeleteIdentityProvider: { input: Present<Sdk.DeleteIdentityProviderRequest, 'UserPoolId' | 'ProviderName'>; output: {} };
  DeleteManagedLoginBranding: { input: Present<Sdk.DeleteManagedLoginBrandingRequest, 'ManagedLoginBrandingId' | 'UserPoolId'>; output: {} };
  DeleteResourceServer: { input: Present<Sdk.DeleteResourceServerRequest, 'UserPoolId' | 'Identifier'>; output: {} };
  DeleteTerms: { input: Present<Sdk.DeleteTermsRequest, 'TermsId' | 'UserPoolId'>; output: {} };
  DeleteUser: { input: Present<Sdk.DeleteUserRequest, 'AccessToken'>; output: {} };
  DeleteUserAttributes: { input: Present<Sdk.DeleteUserAttributesRequest, 'UserAttributeNames' | 'AccessToken'>; output: Sdk.DeleteUserAttributesResponse };
  DeleteUserPool: { input: Present<Sdk.DeleteUserPoolRequest, 'UserPoolId'>; output: {} };
  DeleteUserPoolClient: { input: Present<Sdk.DeleteUserPoolClientRequest, 'UserPoolId' | 'ClientId'>; output: {} };
  DeleteUserPoolClientSecret: { input: Present<Sdk.DeleteUserPoolClientSecretRequest, 'UserPoolId' | 'ClientId' | 'ClientSecretId'>; output: Sdk.DeleteUserPoolClientSecretResponse };
  DeleteUserPoolDomain: { input: Present<Sdk.DeleteUserPoolDomainRequest, 'Domain' | 'UserPoolId'>; output: Sdk.DeleteUserPoolDomainResponse };
  DeleteUserPoolReplica: { input: Present<Sdk.DeleteUserPoolReplicaRequest, 'UserPoolId' | 'RegionName'>; output: Sdk.DeleteUserPoolReplicaResponse };
  DeleteWebAuthnCredential: { input: Present<Sdk.DeleteWebAuthnCredentialRequest, 'AccessToken' | 'CredentialId'>; output: Sdk.DeleteWebAuthnCredentialResponse };
  DescribeIdentityProvider: { input: Present<Sdk.DescribeIdentityProviderRequest, 'UserPoolId' | 'ProviderName'>; output: Sdk.DescribeIdentityProviderResponse };
  DescribeManagedLoginBranding: { input: Present<Sdk.DescribeManagedLoginBrandingRequest, 'UserPoolId' | 'ManagedLoginBrandingId'>; output: Sdk.DescribeManagedLoginBrandingResponse };
  DescribeManagedLoginBrandingByClient: { input: Present<Sdk.DescribeManagedLoginBrandingByClientRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.DescribeManagedLoginBrandingByClientResponse };
  DescribeResourceServer: { input: Present<Sdk.DescribeResourceServerRequest, 'UserPoolId' | 'Identifier'>; output: Sdk.DescribeResourceServerResponse };
  DescribeRiskConfiguration: { input: Present<Sdk.DescribeRiskConfigurationRequest, 'UserPoolId'>; output: Sdk.DescribeRiskConfigurationResponse };
  DescribeTerms: { input: Present<Sdk.DescribeTermsRequest, 'TermsId' | 'UserPoolId'>; output: Sdk.DescribeTermsResponse };
  DescribeTermsByClient: { input: Present<Sdk.DescribeTermsByClientRequest, 'ClientId' | 'UserPoolId' | 'TermsName'>; output: Sdk.DescribeTermsByClientResponse };
  DescribeUserImportJob: { input: Present<Sdk.DescribeUserImportJobRequest, 'UserPoolId' | 'JobId'>; output: Sdk.DescribeUserImportJobResponse };
  DescribeUserPool: { input: Present<Sdk.DescribeUserPoolRequest, 'UserPoolId'>; output: Sdk.DescribeUserPoolResponse };
  DescribeUserPoolClient: { input: Present<Sdk.DescribeUserPoolClientRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.DescribeUserPoolClientResponse };
  DescribeUserPoolDomain: { input: Present<Sdk.DescribeUserPoolDomainRequest, 'Domain'>; output: Sdk.DescribeUserPoolDomainResponse };
  ForgetDevice: { input: Present<Sdk.ForgetDeviceRequest, 'DeviceKey'>; output: {} };
  ForgotPassword: { input: Present<Sdk.ForgotPasswordRequest, 'ClientId' | 'Username'>; output: Sdk.ForgotPasswordResponse };
  GetCSVHeader: { input: Present<Sdk.GetCSVHeaderRequest, 'UserPoolId'>; output: Sdk.GetCSVHeaderResponse };
  GetClientToken: { input: Present<Sdk.GetClientTokenRequest, 'ClientId' | 'Secret'>; output: Sdk.GetClientTokenResponse };
  GetDevice: { input: Present<Sdk.GetDeviceRequest, 'DeviceKey'>; output: Sdk.GetDeviceResponse };
  GetGroup: { input: Present<Sdk.GetGroupRequest, 'GroupName' | 'UserPoolId'>; output: Sdk.GetGroupResponse };
  GetIdentityProviderByIdentifier: { input: Present<Sdk.GetIdentityProviderByIdentifierRequest, 'UserPoolId' | 'IdpIdentifier'>; output: Sdk.GetIdentityProviderByIdentifierResponse };
  GetLogDeliveryConfiguration: { input: Present<Sdk.GetLogDeliveryConfigurationRequest, 'UserPoolId'>; output: Sdk.GetLogDeliveryConfigurationResponse };
  GetProvisionedLimit: { input: Present<Sdk.GetProvisionedLimitRequest, 'LimitDefinition'>; output: Sdk.GetProvisionedLimitResponse };
  GetSigningCertificate: { input: Present<Sdk.GetSigningCertificateRequest, 'UserPoolId'>; output: Sdk.GetSigningCertificateResponse };
  GetTokensFromRefreshToken: { input: Present<Sdk.GetTokensFromRefreshTokenRequest, 'RefreshToken' | 'ClientId'>; output: Sdk.GetTokensFromRefreshTokenResponse };
  GetUICustomization: { input: Present<Sdk.GetUICustomizationRequest, 'UserPoolId'>; output: Sdk.GetUICustomizationResponse };
  GetUser: { input: Present<Sdk.GetUserRequest, 'AccessToken'>; output: Sdk.GetUserResponse };
  GetUserAttributeVerificationCode: { input: Present<Sdk.GetUserAttributeVerificationCodeRequest, 'AccessToken' | 'AttributeName'>; output: Sdk.GetUserAttributeVerificationCodeResponse };
  GetUserAuthFactors: { input: Present<Sdk.GetUserAuthFactorsRequest, 'AccessToken'>; output: Sdk.GetUserAuthFactorsResponse };
  GetUserPoolClientSessionConfiguration: { input: Present<Sdk.GetUserPoolClientSessionConfigurationRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.GetUserPoolClientSessionConfigurationResponse };
  GetUserPoolMfaConfig: { input: Present<Sdk.GetUserPoolMfaConfigRequest, 'UserPoolId'>; output: Sdk.GetUserPoolMfaConfigResponse };
  GetUserPoolSessionConfiguration: { input: Present<Sdk.GetUserPoolSessionConfigurationRequest, 'UserPoolId'>; output: Sdk.GetUserPoolSessionConfigurationResponse };
  GlobalSignOut: { input: Present<Sdk.GlobalSignOutRequest, 'AccessToken'>; output: Sdk.GlobalSignOutResponse };
  InitiateAuth: { input: Present<Sdk.InitiateAuthRequest, 'AuthFlow' | 'ClientId'>; output: Sdk.InitiateAuthResponse };
  ListDevices: { input: Present<Sdk.ListDevicesRequest, 'AccessToken'>; output: Sdk.ListDevicesResponse };
  ListGroups: { input: Present<Sdk.ListGroupsRequest, 'UserPoolId'>; output: Sdk.ListGroupsResponse };
  ListIdentityProviders: { input: Present<Sdk.ListIdentityProvidersRequest, 'UserPoolId'>; output: Sdk.ListIdentityProvidersResponse };
  ListResourceServers: { input: Present<Sdk.ListResourceServersRequest, 'UserPoolId'>; output: Sdk.ListResourceServersResponse };
  ListTagsForResource: { input: Present<Sdk.ListTagsForResourceRequest, 'ResourceArn'>; output: Sdk.ListTagsForResourceResponse };
  ListTerms: { input: Present<Sdk.ListTermsRequest, 'UserPoolId'>; output: Sdk.ListTermsResponse };
  ListUserImportJobs: { input: Present<Sdk.ListUserImportJobsRequest, 'UserPoolId' | 'MaxResults'>; output: Sdk.ListUserImportJobsResponse };
  ListUserPoolClientSecrets: { input: Present<Sdk.ListUserPoolClientSecretsRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.ListUserPoolClientSecretsResponse };
  ListUserPoolClients: { input: Present<Sdk.ListUserPoolClientsRequest, 'UserPoolId'>; output: Sdk.ListUserPoolClientsResponse };
  ListUserPoolReplicas: { input: Present<Sdk.ListUserPoolReplicasRequest, 'UserPoolId'>; output: Sdk.ListUserPoolReplicasResponse };
  ListUserPools: { input: Present<Sdk.ListUserPoolsRequest, 'MaxResults'>; output: Sdk.ListUserPoolsResponse };
  ListUserSessions: { input: Present<Sdk.ListUserSessionsRequest, 'AccessToken'>; output: Sdk.ListUserSessionsResponse };
  ListUsers: { input: Present<Sdk.ListUsersRequest, 'UserPoolId'>; output: Sdk.ListUsersResponse };
  ListUsersInGroup: { input: Present<Sdk.ListUsersInGroupRequest, 'UserPoolId' | 'GroupName'>; output: Sdk.ListUsersInGroupResponse };
  ListWebAuthnCredentials: { input: Present<Sdk.ListWebAuthnCredentialsRequest, 'AccessToken'>; output: Sdk.ListWebAuthnCredentialsResponse };
  ResendConfirmationCode: { input: Present<Sdk.ResendConfirmationCodeRequest, 'ClientId' | 'Username'>; output: Sdk.ResendConfirmationCodeResponse };
  RespondToAuthChallenge: { input: Present<Sdk.RespondToAuthChallengeRequest, 'ClientId' | 'ChallengeName'>; output: Sdk.RespondToAuthChallengeResponse };
  RevokeToken: { input: Present<Sdk.RevokeTokenRequest, 'Token' | 'ClientId'>; output: Sdk.RevokeTokenResponse };
  RevokeUserSession: { input: Present<Sdk.RevokeUserSessionRequest, 'AccessToken' | 'SessionId'>; output: Sdk.RevokeUserSessionResponse };
  SetLogDeliveryConfiguration: { input: Present<Sdk.SetLogDeliveryConfigurationRequest, 'UserPoolId' | 'LogConfigurations'>; output: Sdk.SetLogDeliveryConfigurationResponse };
  SetRiskConfiguration: { input: Present<Sdk.SetRiskConfigurationRequest, 'UserPoolId'>; output: Sdk.SetRiskConfigurationResponse };
  SetUICustomization: { input: Present<Sdk.SetUICustomizationRequest, 'UserPoolId'>; output: Sdk.SetUICustomizationResponse };
  SetUserMFAPreference: { input: Present<Sdk.SetUserMFAPreferenceRequest, 'AccessToken'>; output: Sdk.SetUserMFAPreferenceResponse };
  SetUserPoolClientSessionConfiguration: { input: Present<Sdk.SetUserPoolClientSessionConfigurationRequest, 'UserPoolId' | 'ClientId' | 'SSOSession'>; output: Sdk.SetUserPoolClientSessionConfigurationResponse };
  SetUserPoolMfaConfig: { input: Present<Sdk.SetUserPoolMfaConfigRequest, 'UserPoolId'>; output: Sdk.SetUserPoolMfaConfigResponse };
  SetUserPoolSessionConfiguration: { input: Present<Sdk.SetUserPoolSessionConfigurationRequest, 'UserPoolId' | 'UserSessionTracking' | 'TokenSession'>; output: Sdk.SetUserPoolSessionConfigurationResponse };
  SetUserSettings: { input: Present<Sdk.SetUserSettingsRequest, 'AccessToken' | 'MFAOptions'>; output: Sdk.SetUserSettingsResponse };
  SignUp: { input: Present<Sdk.SignUpRequest, 'ClientId' | 'Username'>; output: Sdk.SignUpResponse };
  StartUserImportJob: { input: Present<Sdk.StartUserImportJobRequest, 'UserPoolId' | 'JobId'>; output: Sdk.StartUserImportJobResponse };
  StartWebAuthnRegistration: { input: Present<Sdk.StartWebAuthnRegistrationRequest, 'AccessToken'>; output: Sdk.StartWebAuthnRegistrationResponse };
  StopUserImportJob: { input: Present<Sdk.StopUserImportJobRequest, 'UserPoolId' | 'JobId'>; output: Sdk.StopUserImportJobResponse };
  TagResource: { input: Present<Sdk.TagResourceRequest, 'ResourceArn' | 'Tags'>; output: Sdk.TagResourceResponse };
  UntagResource: { input: Present<Sdk.UntagResourceRequest, 'ResourceArn' | 'TagKeys'>; output: Sdk.UntagResourceResponse };
  UpdateAuthEventFeedback: { input: Present<Sdk.UpdateAuthEventFeedbackRequest, 'UserPoolId' | 'Username' | 'EventId' | 'FeedbackToken' | 'FeedbackValue'>; output: Sdk.UpdateAuthEventFeedbackResponse };
  UpdateDeviceStatus: { input: Present<Sdk.UpdateDeviceStatusRequest, 'AccessToken' | 'DeviceKey'>; output: Sdk.UpdateDeviceStatusResponse };
  UpdateGroup: { input: Present<Sdk.UpdateGroupRequest, 'GroupName' | 'UserPoolId'>; output: Sdk.UpdateGroupResponse };
  UpdateIdentityProvider: { input: Present<Sdk.UpdateIdentityProviderRequest, 'UserPoolId' | 'ProviderName'>; output: Sdk.UpdateIdentityProviderResponse };
  UpdateManagedLoginBranding: { input: Sdk.UpdateManagedLoginBrandingRequest; output: Sdk.UpdateManagedLoginBrandingResponse };
  UpdateProvisionedLimit: { input: Present<Sdk.UpdateProvisionedLimitRequest, 'LimitDefinition' | 'RequestedLimitValue'>; output: Sdk.UpdateProvisionedLimitResponse };
  UpdateResourceServer: { input: Present<Sdk.UpdateResourceServerRequest, 'UserPoolId' | 'Identifier' | 'Name'>; output: Sdk.UpdateResourceServerResponse };
  UpdateTerms: { input: Present<Sdk.UpdateTermsRequest, 'TermsId' | 'UserPoolId'>; output: Sdk.UpdateTermsResponse };
  UpdateUserAttributes: { input: Present<Sdk.UpdateUserAttributesRequest, 'UserAttributes' | 'AccessToken'>; output: Sdk.UpdateUserAttributesResponse };
  UpdateUserPool: { input: Present<Sdk.UpdateUserPoolRequest, 'UserPoolId'>; output: Sdk.UpdateUserPoolResponse };
  UpdateUserPoolClient: { input: Present<Sdk.UpdateUserPoolClientRequest, 'UserPoolId' | 'ClientId'>; output: Sdk.UpdateUserPoolClientResponse };
  UpdateUserPoolDomain: { input: Present<Sdk.UpdateUserPoolDomainRequest, 'Domain' | 'UserPoolId'>; output: Sdk.UpdateUserPoolDomainResponse };
  UpdateUserPoolReplica: { input: Present<Sdk.UpdateUserPoolReplicaRequest, 'UserPoolId' | 'RegionName' | 'Status'>; output: Sdk.UpdateUserPoolReplicaResponse };
  VerifySoftwareToken: { input: Present<Sdk.VerifySoftwareTokenRequest, 'UserCode'>; output: Sdk.VerifySoftwareTokenResponse };
  VerifyUserAttribute: { input: Present<Sdk.VerifyUserAttributeRequest, 'AccessToken' | 'AttributeName' | 'Code'>; output: Sdk.VerifyUserAttributeResponse };
}

export type CognitoIdpOperation = keyof CognitoIdpOperations;

/** The same for each identity-pool operation (catalog/cognito-identity.json). */
import type * as IdentitySdk from '@aws-sdk/client-cognito-identity';

export interface CognitoIdentityOperations {
  CreateIdentityPool: { input: Present<IdentitySdk.CreateIdentityPoolInput, 'IdentityPoolName' | 'AllowUnauthenticatedIdentities'>; output: IdentitySdk.IdentityPool };
  DeleteIdentities: { input: Present<IdentitySdk.DeleteIdentitiesInput, 'IdentityIdsToDelete'>; output: IdentitySdk.DeleteIdentitiesResponse };
  DeleteIdentityPool: { input: Present<IdentitySdk.DeleteIdentityPoolInput, 'IdentityPoolId'>; output: {} };
  DescribeIdentity: { input: Present<IdentitySdk.DescribeIdentityInput, 'IdentityId'>; output: IdentitySdk.IdentityDescription };
  DescribeIdentityPool: { input: Present<IdentitySdk.DescribeIdentityPoolInput, 'IdentityPoolId'>; output: IdentitySdk.IdentityPool };
  GetCredentialsForIdentity: { input: Present<IdentitySdk.GetCredentialsForIdentityInput, 'IdentityId'>; output: IdentitySdk.GetCredentialsForIdentityResponse };
  GetId: { input: Present<IdentitySdk.GetIdInput, 'IdentityPoolId'>; output: IdentitySdk.GetIdResponse };
  GetIdentityPoolRoles: { input: Present<IdentitySdk.GetIdentityPoolRolesInput, 'IdentityPoolId'>; output: IdentitySdk.GetIdentityPoolRolesResponse };
  GetOpenIdToken: { input: Present<IdentitySdk.GetOpenIdTokenInput, 'IdentityId'>; output: IdentitySdk.GetOpenIdTokenResponse };
  GetOpenIdTokenForDeveloperIdentity: { input: Present<IdentitySdk.GetOpenIdTokenForDeveloperIdentityInput, 'IdentityPoolId' | 'Logins'>; output: IdentitySdk.GetOpenIdTokenForDeveloperIdentityResponse };
  GetPrincipalTagAttributeMap: { input: Present<IdentitySdk.GetPrincipalTagAttributeMapInput, 'IdentityPoolId' | 'IdentityProviderName'>; output: IdentitySdk.GetPrincipalTagAttributeMapResponse };
  ListIdentities: { input: Present<IdentitySdk.ListIdentitiesInput, 'IdentityPoolId' | 'MaxResults'>; output: IdentitySdk.ListIdentitiesResponse };
  ListIdentityPools: { input: Present<IdentitySdk.ListIdentityPoolsInput, 'MaxResults'>; output: IdentitySdk.ListIdentityPoolsResponse };
  ListTagsForResource: { input: Present<IdentitySdk.ListTagsForResourceInput, 'ResourceArn'>; output: IdentitySdk.ListTagsForResourceResponse };
  LookupDeveloperIdentity: { input: Present<IdentitySdk.LookupDeveloperIdentityInput, 'IdentityPoolId'>; output: IdentitySdk.LookupDeveloperIdentityResponse };
  MergeDeveloperIdentities: { input: Present<IdentitySdk.MergeDeveloperIdentitiesInput, 'SourceUserIdentifier' | 'DestinationUserIdentifier' | 'DeveloperProviderName' | 'IdentityPoolId'>; output: IdentitySdk.MergeDeveloperIdentitiesResponse };
  SetIdentityPoolRoles: { input: Present<IdentitySdk.SetIdentityPoolRolesInput, 'IdentityPoolId' | 'Roles'>; output: {} };
  SetPrincipalTagAttributeMap: { input: Present<IdentitySdk.SetPrincipalTagAttributeMapInput, 'IdentityPoolId' | 'IdentityProviderName'>; output: IdentitySdk.SetPrincipalTagAttributeMapResponse };
  TagResource: { input: Present<IdentitySdk.TagResourceInput, 'ResourceArn' | 'Tags'>; output: IdentitySdk.TagResourceResponse };
  UnlinkDeveloperIdentity: { input: Present<IdentitySdk.UnlinkDeveloperIdentityInput, 'IdentityId' | 'IdentityPoolId' | 'DeveloperProviderName' | 'DeveloperUserIdentifier'>; output: {} };
  UnlinkIdentity: { input: Present<IdentitySdk.UnlinkIdentityInput, 'IdentityId' | 'Logins' | 'LoginsToRemove'>; output: {} };
  UntagResource: { input: Present<IdentitySdk.UntagResourceInput, 'ResourceArn' | 'TagKeys'>; output: IdentitySdk.UntagResourceResponse };
  UpdateIdentityPool: { input: Present<IdentitySdk.IdentityPool, 'IdentityPoolId' | 'IdentityPoolName' | 'AllowUnauthenticatedIdentities'>; output: IdentitySdk.IdentityPool };
}

export type CognitoIdentityOperation = keyof CognitoIdentityOperations;
