/**
 * Cognito's request-rate quota categories for user pools, with their default rates (requests per
 * second, per account and region), and the category of each operation. Operations not listed
 * here (GetProvisionedLimit, UpdateProvisionedLimit, ...) are not rate-limited.
 * Rates: the defaults on AWS's Cognito quotas page. The operation lists follow
 * AWS's category table where it names an operation; newer operations are placed by what they do
 * (a user's or a pool's data, read or written), and can be moved here alone.
 */

export const QUOTA_CATEGORIES = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserFederation: 25,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserUpdate: 25,
  UserToken: 120,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserList: 30,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
  ClientAuthentication: 150,
} as const satisfies Record<string, number>;

export type QuotaCategory = keyof typeof QUOTA_CATEGORIES;

export const isQuotaCategory = (name: string): name is QuotaCategory => Object.hasOwn(QUOTA_CATEGORIES, name);

/** The highest limit UpdateProvisionedLimit accepts, as a multiple of the category's default. */
export const MAX_PROVISIONED_FACTOR = 100;

const members: Record<QuotaCategory, readonly string[]> = {
  UserAuthentication: ['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge'],
  UserCreation: ['SignUp', 'AdminCreateUser'],
  UserFederation: ['AdminDisableProviderForUser', 'AdminLinkProviderForUser'],
  UserAccountRecovery: ['ForgotPassword', 'ConfirmForgotPassword', 'AdminResetUserPassword', 'ResendConfirmationCode'],
  UserRead: ['GetUser', 'AdminGetUser', 'AdminListGroupsForUser', 'AdminListUserAuthEvents', 'GetUserAuthFactors', 'AdminGetUserAuthFactors'],
  UserUpdate: [
    'AdminAddUserToGroup', 'AdminRemoveUserFromGroup', 'AdminConfirmSignUp', 'ConfirmSignUp', 'AdminDeleteUser', 'DeleteUser',
    'AdminDeleteUserAttributes', 'DeleteUserAttributes', 'AdminDisableUser', 'AdminEnableUser', 'AdminSetUserPassword',
    'ChangePassword', 'AdminUpdateUserAttributes', 'UpdateUserAttributes', 'VerifyUserAttribute', 'GetUserAttributeVerificationCode',
    'AdminSetUserMFAPreference', 'SetUserMFAPreference', 'AdminSetUserSettings', 'SetUserSettings', 'AdminUserGlobalSignOut',
    'GlobalSignOut', 'AdminUpdateAuthEventFeedback', 'UpdateAuthEventFeedback', 'AssociateSoftwareToken', 'VerifySoftwareToken',
    'AdminDeleteSoftwareToken',
  ],
  UserToken: ['RevokeToken', 'GetTokensFromRefreshToken', 'RevokeUserSession', 'AdminRevokeUserSession'],
  UserResourceRead: ['GetDevice', 'AdminGetDevice', 'ListDevices', 'AdminListDevices', 'ListWebAuthnCredentials', 'ListUserSessions', 'AdminListUserSessions'],
  UserResourceUpdate: [
    'ConfirmDevice', 'ForgetDevice', 'AdminForgetDevice', 'UpdateDeviceStatus', 'AdminUpdateDeviceStatus',
    'StartWebAuthnRegistration', 'CompleteWebAuthnRegistration', 'DeleteWebAuthnCredential',
  ],
  UserList: ['ListUsers', 'ListUsersInGroup'],
  UserPoolRead: [
    'DescribeUserPool', 'ListUserPools', 'GetUserPoolMfaConfig', 'DescribeRiskConfiguration', 'GetSigningCertificate',
    'GetLogDeliveryConfiguration', 'GetUserPoolSessionConfiguration', 'ListUserPoolReplicas',
  ],
  UserPoolUpdate: [
    'CreateUserPool', 'UpdateUserPool', 'DeleteUserPool', 'AddCustomAttributes', 'SetUserPoolMfaConfig', 'SetRiskConfiguration',
    'SetLogDeliveryConfiguration', 'SetUserPoolSessionConfiguration', 'CreateUserPoolReplica', 'UpdateUserPoolReplica',
    'DeleteUserPoolReplica',
  ],
  UserPoolResourceRead: [
    'GetGroup', 'ListGroups', 'DescribeIdentityProvider', 'GetIdentityProviderByIdentifier', 'ListIdentityProviders',
    'DescribeResourceServer', 'ListResourceServers', 'DescribeUserPoolDomain', 'DescribeUserImportJob', 'ListUserImportJobs',
    'GetCSVHeader', 'ListTagsForResource', 'GetUICustomization', 'DescribeManagedLoginBranding',
    'DescribeManagedLoginBrandingByClient', 'DescribeTerms', 'DescribeTermsByClient', 'ListTerms',
  ],
  UserPoolResourceUpdate: [
    'CreateGroup', 'UpdateGroup', 'DeleteGroup', 'CreateIdentityProvider', 'UpdateIdentityProvider', 'DeleteIdentityProvider',
    'CreateResourceServer', 'UpdateResourceServer', 'DeleteResourceServer', 'CreateUserPoolDomain', 'UpdateUserPoolDomain',
    'DeleteUserPoolDomain', 'CreateUserImportJob', 'StartUserImportJob', 'StopUserImportJob', 'TagResource', 'UntagResource',
    'SetUICustomization', 'CreateManagedLoginBranding', 'UpdateManagedLoginBranding', 'DeleteManagedLoginBranding',
    'CreateTerms', 'UpdateTerms', 'DeleteTerms',
  ],
  UserPoolClientRead: ['DescribeUserPoolClient', 'ListUserPoolClients', 'ListUserPoolClientSecrets', 'GetUserPoolClientSessionConfiguration'],
  UserPoolClientUpdate: [
    'CreateUserPoolClient', 'UpdateUserPoolClient', 'DeleteUserPoolClient', 'AddUserPoolClientSecret', 'DeleteUserPoolClientSecret',
    'SetUserPoolClientSessionConfiguration',
  ],
  ClientAuthentication: ['GetClientToken'],
};

/**
 * Where an operation's requests are counted: its category, and the bucket the count is kept in.
 * Challenge answers have a bucket of their own at three times UserAuthentication's rate, as in
 * Cognito, so that a multi-step sign-in does not use up the first step's rate.
 */
interface QuotaBucket {
  category: QuotaCategory;
  bucket: string;
  factor: number;
}

const buckets = new Map<string, QuotaBucket>();
for (const [category, operations] of Object.entries(members) as [QuotaCategory, readonly string[]][]) {
  for (const operation of operations) {
    const challenge = operation.endsWith('RespondToAuthChallenge');
    buckets.set(operation, { category, bucket: challenge ? `${category}.Challenge` : category, factor: challenge ? 3 : 1 });
  }
}

export const quotaBucketOf = (operation: string): QuotaBucket | undefined => buckets.get(operation);
