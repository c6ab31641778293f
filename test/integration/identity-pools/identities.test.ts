/**
 * Identities through @aws-sdk/client-cognito-identity: GetId (guests, Alcove user-pool ID tokens
 * under both Logins keys, external OIDC), linking and merging, GetCredentialsForIdentity with
 * role resolution (default roles, Token and Rules mappings, CustomRoleArn, trust policies),
 * GetOpenIdToken (classic flow) with its token checked by jose against the published JWKS,
 * developer identities, UnlinkIdentity, DescribeIdentity, ListIdentities, DeleteIdentities.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateIdentityPoolCommand, DeleteIdentitiesCommand, DescribeIdentityCommand, GetCredentialsForIdentityCommand,
  GetIdCommand, GetOpenIdTokenCommand, GetOpenIdTokenForDeveloperIdentityCommand, ListIdentitiesCommand,
  LookupDeveloperIdentityCommand, MergeDeveloperIdentitiesCommand, SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand, UnlinkDeveloperIdentityCommand, UnlinkIdentityCommand, type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import {
  AdminAddUserToGroupCommand, AdminDisableUserCommand, AdminEnableUserCommand, CreateGroupCommand, GlobalSignOutCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { createOidcProvider } from '../../../src/iam/oidc-providers.ts';
import { createRole } from '../../../src/iam/role-operations.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';
import { cognitoTrust, identityClients, PASSWORD, roleName, userPoolWithUsers } from './helpers.ts';

let server: TestServer;
let admin: CognitoIdentityClient;
let anonymous: CognitoIdentityClient;
let userPool: { poolId: string; clientId: string; provider: string };
let issuerKey: string;
let counter = 0;

before(async () => {
  server = await startTestServer();
  ({ admin, anonymous } = identityClients(server));
  userPool = await userPoolWithUsers(server);
  issuerKey = `${new URL(server.url).host}/${userPool.poolId}`;
});
after(async () => {
  admin.destroy();
  anonymous.destroy();
  await server.stop();
});

const idToken = async (username: string) => (await signIn(server, { ...userPool, username, password: PASSWORD })).IdToken;

/** An identity pool trusting the test user pool, with an authenticated and a guest role Alcove knows. */
async function identityPool(extra: Record<string, unknown> = {}): Promise<{ id: string; auth: string; guest: string }> {
  const created = await admin.send(new CreateIdentityPoolCommand({
    IdentityPoolName: `pool${++counter}`, AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: userPool.provider, ClientId: userPool.clientId, ServerSideTokenCheck: true }],
    ...extra,
  }));
  const id = created.IdentityPoolId!;
  const auth = await createRole(server.services, { roleName: roleName(`auth${counter}`), assumeRolePolicyDocument: cognitoTrust(id, 'authenticated') });
  const guest = await createRole(server.services, { roleName: roleName(`guest${counter}`), assumeRolePolicyDocument: cognitoTrust(id, 'unauthenticated') });
  await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: auth.arn, unauthenticated: guest.arn } }));
  return { id, auth: auth.arn, guest: guest.arn };
}

const roleOf = async (accessKeyId: string) => (await server.services.store.temporaryCredentials.get(accessKeyId))!.roleArn;

describe('guests', () => {
  it('get an identity and credentials for the unauthenticated role', async () => {
    const pool = await identityPool();
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id }));
    assert.match(IdentityId!, /^us-east-1:[0-9a-f-]{36}$/);
    const out = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId }));
    assert.equal(out.IdentityId, IdentityId);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(out.Credentials!.SecretKey && out.Credentials!.SessionToken);
    assert.ok(Math.abs(out.Credentials!.Expiration!.getTime() - Date.now() - 3_600_000) < 60_000);
    assert.equal(await roleOf(out.Credentials!.AccessKeyId!), pool.guest);
  });

  it('are refused when the pool does not allow them', async () => {
    const pool = await identityPool({ AllowUnauthenticatedIdentities: false });
    const e = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id })));
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'Unauthenticated access is not supported for this identity pool.');
    const missing = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('get InvalidIdentityPoolConfigurationException without a role, or when the role does not trust the pool', async () => {
    const bare = await admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'bare', AllowUnauthenticatedIdentities: true }));
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: bare.IdentityPoolId }));
    const noRole = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId })));
    assert.equal(noRole.name, 'InvalidIdentityPoolConfigurationException');
    const other = await identityPool();
    await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: bare.IdentityPoolId, Roles: { unauthenticated: other.guest } }));
    const untrusted = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId })));
    assert.equal(untrusted.name, 'InvalidIdentityPoolConfigurationException');
    assert.equal(untrusted.message, 'Invalid identity pool configuration. Check assigned IAM roles for this pool.');
  });
});

describe('users of an Alcove user pool', () => {
  it('get one identity under the canonical key and under the issuer without its scheme', async () => {
    const pool = await identityPool();
    const token = await idToken('alice');
    const a = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: token } }));
    const b = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [issuerKey]: token } }));
    assert.equal(a.IdentityId, b.IdentityId);
    const creds = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId: a.IdentityId, Logins: { [issuerKey]: token } }));
    assert.equal(await roleOf(creds.Credentials!.AccessKeyId!), pool.auth);
    const described = await admin.send(new DescribeIdentityCommand({ IdentityId: a.IdentityId }));
    assert.deepEqual(described.Logins, [userPool.provider]);

    const noLogins = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId: a.IdentityId })));
    assert.equal(noLogins.name, 'NotAuthorizedException');
    assert.equal(noLogins.message, "Logins don't match. Please include at least one valid login for this identity or identity pool.");
  });

  it('are refused with a token of another client, a forged one, or an unknown provider', async () => {
    const pool = await identityPool();
    await admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'x', AllowUnauthenticatedIdentities: false }));
    const token = await idToken('alice');
    const [h, p] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url')}.${token.split('.')[2]}`;
    const e1 = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: forged } })));
    assert.equal(e1.name, 'NotAuthorizedException');
    const e2 = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { 'login.unknown.example': token } })));
    assert.equal(e2.message, 'Token is not from a supported provider of this identity pool.');
    const otherClient = await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'other-client', AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ProviderName: userPool.provider, ClientId: 'someotherclient' }],
    }));
    const e3 = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: otherClient.IdentityPoolId, Logins: { [userPool.provider]: token } })));
    assert.equal(e3.name, 'NotAuthorizedException');
    assert.match(e3.message, /^Invalid login token\./);
  });

  it('with ServerSideTokenCheck: refused once signed out globally or disabled', async () => {
    const pool = await identityPool();
    const session = await signIn(server, { ...userPool, username: 'bob', password: PASSWORD });
    await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: session.IdToken } }));
    await server.client.send(new AdminDisableUserCommand({ UserPoolId: userPool.poolId, Username: 'bob' }));
    const disabled = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: session.IdToken } })));
    assert.equal(disabled.name, 'NotAuthorizedException');
    await server.client.send(new AdminEnableUserCommand({ UserPoolId: userPool.poolId, Username: 'bob' }));
    await server.anonymousClient.send(new GlobalSignOutCommand({ AccessToken: session.AccessToken }));
    const revoked = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: session.IdToken } })));
    assert.equal(revoked.name, 'NotAuthorizedException');
  });

  it('link to the guest identity they signed in from, and merge a second guest identity into it', async () => {
    const pool = await identityPool();
    const token = await idToken('alice');
    const guest1 = (await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id }))).IdentityId!;
    const linked = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId: guest1, Logins: { [userPool.provider]: token } }));
    assert.equal(linked.IdentityId, guest1);
    const guest2 = (await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id }))).IdentityId!;
    const merged = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId: guest2, Logins: { [userPool.provider]: token } })).catch((e) => e);
    // GetOpenIdToken is the classic flow, off in this pool: nothing is linked or merged.
    assert.equal(merged.name, 'InvalidParameterException');
    const creds = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId: guest2, Logins: { [userPool.provider]: token } }));
    assert.equal(creds.IdentityId, guest1);
    const visible = await admin.send(new ListIdentitiesCommand({ IdentityPoolId: pool.id, MaxResults: 60, HideDisabled: true }));
    assert.deepEqual(visible.Identities!.map((i) => i.IdentityId), [guest1]);
    const all = await admin.send(new ListIdentitiesCommand({ IdentityPoolId: pool.id, MaxResults: 60 }));
    assert.equal(all.Identities!.length, 2);
  });

  it('cannot link a second login of the same provider', async () => {
    const pool = await identityPool();
    const alice = await idToken('alice');
    const bob = await idToken('bob');
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: alice } }));
    const e = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [issuerKey]: bob } })));
    // Bob's login belongs to no identity yet: linking it to Alice's identity would give it two user-pool logins.
    assert.equal(e.name, 'ResourceConflictException');
  });

  it('get the role of a Token mapping (cognito:preferred_role, CustomRoleArn) and of Rules, in order', async () => {
    const pool = await identityPool();
    const admins = await createRole(server.services, { roleName: roleName(`admins${counter}`), assumeRolePolicyDocument: cognitoTrust(pool.id, 'authenticated') });
    const readers = await createRole(server.services, { roleName: roleName(`readers${counter}`), assumeRolePolicyDocument: cognitoTrust(pool.id, 'authenticated') });
    const g = `g${counter}`;
    await server.client.send(new CreateGroupCommand({ UserPoolId: userPool.poolId, GroupName: `${g}admins`, RoleArn: admins.arn, Precedence: 1 }));
    await server.client.send(new CreateGroupCommand({ UserPoolId: userPool.poolId, GroupName: `${g}readers`, RoleArn: readers.arn, Precedence: 2 }));
    await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPool.poolId, Username: 'alice', GroupName: `${g}admins` }));
    await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPool.poolId, Username: 'alice', GroupName: `${g}readers` }));
    const key = `${userPool.provider}:${userPool.clientId}`;
    await admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool.id, Roles: { authenticated: pool.auth }, RoleMappings: { [key]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
    }));
    const token = await idToken('alice');
    const logins = { [userPool.provider]: token };
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: logins }));
    const preferred = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    assert.equal(await roleOf(preferred.Credentials!.AccessKeyId!), admins.arn);
    const custom = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins, CustomRoleArn: readers.arn }));
    assert.equal(await roleOf(custom.Credentials!.AccessKeyId!), readers.arn);
    const notHers = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins, CustomRoleArn: pool.auth })));
    assert.equal(notHers.name, 'NotAuthorizedException');

    await admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool.id, Roles: { authenticated: pool.auth },
      RoleMappings: {
        [key]: {
          Type: 'Rules', AmbiguousRoleResolution: 'Deny',
          RulesConfiguration: { Rules: [
            { Claim: 'cognito:username', MatchType: 'NotEqual', Value: 'alice', RoleARN: admins.arn },
            { Claim: 'cognito:groups', MatchType: 'Contains', Value: 'readers', RoleARN: readers.arn },
            { Claim: 'cognito:username', MatchType: 'StartsWith', Value: 'ali', RoleARN: admins.arn },
          ] },
        },
      },
    }));
    const ruled = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    assert.equal(await roleOf(ruled.Credentials!.AccessKeyId!), readers.arn);
    const bobToken = await idToken('bob');
    const bobId = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: bobToken } }));
    const bobCreds = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId: bobId.IdentityId, Logins: { [userPool.provider]: bobToken } }));
    assert.equal(await roleOf(bobCreds.Credentials!.AccessKeyId!), admins.arn);
  });

  it('get principal tags from their claims', async () => {
    const pool = await identityPool({ AllowClassicFlow: true });
    await admin.send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: pool.id, IdentityProviderName: userPool.provider, UseDefaults: true }));
    const token = await idToken('alice');
    const logins = { [userPool.provider]: token };
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: logins }));
    const { Token } = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
    const sub = decodeJwt(token).sub!;
    assert.deepEqual(decodeJwt(Token!)['https://aws.amazon.com/tags'], { principal_tags: { client: [userPool.clientId], username: [sub] } });
    const creds = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    const row = await server.services.store.temporaryCredentials.get(creds.Credentials!.AccessKeyId!);
    assert.deepEqual(row!.principalTags, { client: userPool.clientId, username: sub });
  });
});

describe("the identity pool's OpenID token", () => {
  it('is served by GetOpenIdToken only in the classic flow, and verifies against the published JWKS', async () => {
    const off = await identityPool();
    const guestOff = (await anonymous.send(new GetIdCommand({ IdentityPoolId: off.id }))).IdentityId;
    const e = await errorOf(() => anonymous.send(new GetOpenIdTokenCommand({ IdentityId: guestOff })));
    assert.equal(e.message, 'Basic (classic) flow is not enabled, please use enhanced flow.');

    const pool = await identityPool({ AllowClassicFlow: true });
    const token = await idToken('alice');
    const logins = { [userPool.provider]: token };
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: logins }));
    const out = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));
    const discovery = await (await fetch(`${server.url}/cognito-identity/.well-known/openid-configuration`)).json() as { issuer: string; jwks_uri: string };
    assert.equal(discovery.issuer, `${server.url}/cognito-identity`);
    const { payload, protectedHeader } = await jwtVerify(out.Token!, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: discovery.issuer, audience: pool.id });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.sub, IdentityId);
    const sub = decodeJwt(token).sub;
    assert.deepEqual(payload.amr, ['authenticated', userPool.provider, `${userPool.provider}:CognitoSignIn:${sub}`]);
    assert.equal(payload.exp! - payload.iat!, 600);
    const rootJwks = await (await fetch(`${server.url}/.well-known/jwks_uri`)).json() as { keys: unknown[] };
    assert.equal(rootJwks.keys.length, 1);

    const guest = (await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id }))).IdentityId;
    const guestToken = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId: guest }));
    assert.deepEqual(decodeJwt(guestToken.Token!).amr, ['unauthenticated']);
    // A guest's token is no login: presented as one, it does not make the guest authenticated.
    const escalate = await errorOf(() => anonymous.send(new GetCredentialsForIdentityCommand({
      IdentityId: guest, Logins: { 'cognito-identity.amazonaws.com': guestToken.Token! },
    })));
    assert.equal(escalate.name, 'NotAuthorizedException');

    await admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool.id, Roles: {}, RoleMappings: { [userPool.provider]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
    }));
    const mapped = await errorOf(() => anonymous.send(new GetOpenIdTokenCommand({ IdentityId: guest })));
    assert.equal(mapped.message, 'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.');
  });
});

describe('an external OpenID Connect provider', () => {
  it('is trusted by its registered ARN, with keys fetched through its discovery document', async () => {
    // Alcove's own user pool stands in for the provider: this identity pool knows it only as OIDC.
    await createOidcProvider(server.services, { url: `http://${issuerKey}`, clientIds: [userPool.clientId] });
    const pool = await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'oidc', AllowUnauthenticatedIdentities: false,
      OpenIdConnectProviderARNs: [`arn:aws:iam::000000000000:oidc-provider/${issuerKey}`],
    }));
    const token = await idToken('alice');
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [issuerKey]: token } }));
    const again = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [issuerKey]: token } }));
    assert.equal(again.IdentityId, IdentityId);
    assert.deepEqual((await admin.send(new DescribeIdentityCommand({ IdentityId }))).Logins, [issuerKey]);
    // A Rules mapping keyed by the provider's host picks the role from the token's claims.
    const special = await createRole(server.services, { roleName: roleName(`oidc${++counter}`), assumeRolePolicyDocument: cognitoTrust(pool.IdentityPoolId!, 'authenticated') });
    await admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool.IdentityPoolId, Roles: {},
      RoleMappings: { [issuerKey]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [
        { Claim: 'cognito:username', MatchType: 'Equals', Value: 'alice', RoleARN: special.arn },
      ] } } },
    }));
    const creds = await anonymous.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: { [issuerKey]: token } }));
    assert.equal(await roleOf(creds.Credentials!.AccessKeyId!), special.arn);
    const bad = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [issuerKey]: `${token.slice(0, -4)}AAAA` } })));
    assert.equal(bad.name, 'NotAuthorizedException');
  });

  it('whose keys cannot be fetched gives ExternalServiceException; Facebook logins are refused', async () => {
    const unreachable = `127.0.0.1:9/nothing-listens-here-${Date.now().toString(36)}`;
    await createOidcProvider(server.services, { url: `http://${unreachable}`, clientIds: [userPool.clientId] });
    const pool = await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'oidc-down', AllowUnauthenticatedIdentities: false,
      OpenIdConnectProviderARNs: [`arn:aws:iam::000000000000:oidc-provider/${unreachable}`],
      SupportedLoginProviders: { 'graph.facebook.com': '1234567890' },
    }));
    const token = await idToken('alice');
    const payload = Buffer.from(JSON.stringify({ ...decodeJwt(token), iss: `http://${unreachable}` })).toString('base64url');
    const foreign = `${token.split('.')[0]}.${payload}.${token.split('.')[2]}`;
    const e = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [unreachable]: foreign } })));
    assert.equal(e.name, 'ExternalServiceException');
    const facebook = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { 'graph.facebook.com': 'EAAB' } })));
    assert.equal(facebook.name, 'NotAuthorizedException');
  });
});

describe('developer-authenticated identities', () => {
  it('get tokens, are looked up, merged, unlinked, and use the enhanced flow with the token', async () => {
    const pool = await identityPool({ DeveloperProviderName: 'login.example.app', AllowUnauthenticatedIdentities: false });
    const first = await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: pool.id, Logins: { 'login.example.app': 'user-1' }, TokenDuration: 3600, PrincipalTags: { tenant: 't1' },
    }));
    const claims = decodeJwt(first.Token!);
    assert.equal(claims.sub, first.IdentityId);
    assert.equal(claims.exp! - claims.iat!, 3600);
    assert.deepEqual(claims.amr, ['authenticated', 'login.example.app', `login.example.app:${pool.id}:user-1`]);
    assert.deepEqual(claims['https://aws.amazon.com/tags'], { principal_tags: { tenant: ['t1'] } });
    const again = await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: pool.id, Logins: { 'login.example.app': 'user-1' } }));
    assert.equal(again.IdentityId, first.IdentityId);
    assert.equal(decodeJwt(again.Token!).exp! - decodeJwt(again.Token!).iat!, 900);

    const creds = await anonymous.send(new GetCredentialsForIdentityCommand({
      IdentityId: first.IdentityId, Logins: { 'cognito-identity.amazonaws.com': first.Token! },
    }));
    assert.equal(await roleOf(creds.Credentials!.AccessKeyId!), pool.auth);
    const direct = await errorOf(() => anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { 'login.example.app': 'user-1' } })));
    assert.equal(direct.name, 'NotAuthorizedException');

    const second = await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: pool.id, Logins: { 'login.example.app': 'user-2' } }));
    assert.notEqual(second.IdentityId, first.IdentityId);
    const taken = await errorOf(() => admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: pool.id, IdentityId: first.IdentityId, Logins: { 'login.example.app': 'user-2' },
    })));
    assert.equal(taken.name, 'DeveloperUserAlreadyRegisteredException');
    await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: pool.id, IdentityId: first.IdentityId, Logins: { 'login.example.app': 'user-1b' },
    }));

    const byUser = await admin.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: pool.id, DeveloperUserIdentifier: 'user-1b' }));
    assert.equal(byUser.IdentityId, first.IdentityId);
    assert.deepEqual(byUser.DeveloperUserIdentifierList, ['user-1', 'user-1b']);
    const conflict = await errorOf(() => admin.send(new LookupDeveloperIdentityCommand({
      IdentityPoolId: pool.id, IdentityId: second.IdentityId, DeveloperUserIdentifier: 'user-1',
    })));
    assert.equal(conflict.name, 'ResourceConflictException');
    const unknown = await errorOf(() => admin.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: pool.id, DeveloperUserIdentifier: 'nobody' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');

    const merged = await admin.send(new MergeDeveloperIdentitiesCommand({
      IdentityPoolId: pool.id, DeveloperProviderName: 'login.example.app', SourceUserIdentifier: 'user-2', DestinationUserIdentifier: 'user-1',
    }));
    assert.equal(merged.IdentityId, first.IdentityId);
    const after = await admin.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: pool.id, IdentityId: first.IdentityId, MaxResults: 2 }));
    assert.deepEqual(after.DeveloperUserIdentifierList, ['user-1', 'user-1b']);
    assert.ok(after.NextToken);
    const rest = await admin.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: pool.id, IdentityId: first.IdentityId, NextToken: after.NextToken }));
    assert.deepEqual(rest.DeveloperUserIdentifierList, ['user-2']);

    await admin.send(new UnlinkDeveloperIdentityCommand({
      IdentityPoolId: pool.id, IdentityId: first.IdentityId, DeveloperProviderName: 'login.example.app', DeveloperUserIdentifier: 'user-2',
    }));
    const gone = await errorOf(() => admin.send(new UnlinkDeveloperIdentityCommand({
      IdentityPoolId: pool.id, IdentityId: first.IdentityId, DeveloperProviderName: 'login.example.app', DeveloperUserIdentifier: 'user-2',
    })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });
});

describe('identities', () => {
  it('are unlinked by their owner and deleted', async () => {
    const pool = await identityPool();
    const token = await idToken('alice');
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: { [userPool.provider]: token } }));
    const bobToken = await idToken('bob');
    const stranger = await errorOf(() => anonymous.send(new UnlinkIdentityCommand({
      IdentityId, Logins: { [userPool.provider]: bobToken }, LoginsToRemove: [userPool.provider],
    })));
    assert.equal(stranger.name, 'NotAuthorizedException');
    await anonymous.send(new UnlinkIdentityCommand({ IdentityId, Logins: { [issuerKey]: token }, LoginsToRemove: [issuerKey] }));
    assert.deepEqual((await admin.send(new DescribeIdentityCommand({ IdentityId }))).Logins, []);

    const deleted = await admin.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!] }));
    assert.deepEqual(deleted.UnprocessedIdentityIds, []);
    const missing = await errorOf(() => admin.send(new DescribeIdentityCommand({ IdentityId })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    assert.equal(missing.message, `Identity '${IdentityId}' not found.`);
  });
});
