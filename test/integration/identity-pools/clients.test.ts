/**
 * Real clients of identity pools against Alcove: @aws-sdk/credential-providers'
 * fromCognitoIdentityPool (the enhanced flow, as a guest and signed in with an Alcove user-pool
 * ID token, with a custom endpoint), and Amplify v6's fetchAuthSession with `identityPoolEndpoint`
 * (guest credentials, then the signed-in user's identity and credentials).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateIdentityPoolCommand, SetIdentityPoolRolesCommand, type CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { createRole } from '../../../src/iam/role-operations.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn as apiSignIn } from '../../helpers/user-session.ts';
import { cognitoTrust, identityClients, PASSWORD, roleName, userPoolWithUsers } from './helpers.ts';

let server: TestServer;
let admin: CognitoIdentityClient;
let anonymous: CognitoIdentityClient;
let userPool: { poolId: string; clientId: string; provider: string };
let pool: { id: string; auth: string; guest: string };

before(async () => {
  server = await startTestServer();
  ({ admin, anonymous } = identityClients(server));
  userPool = await userPoolWithUsers(server);
  const created = await admin.send(new CreateIdentityPoolCommand({
    IdentityPoolName: 'clients', AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: userPool.provider, ClientId: userPool.clientId, ServerSideTokenCheck: true }],
  }));
  const id = created.IdentityPoolId!;
  const auth = await createRole(server.services, { roleName: roleName('clients-auth'), assumeRolePolicyDocument: cognitoTrust(id, 'authenticated') });
  const guest = await createRole(server.services, { roleName: roleName('clients-guest'), assumeRolePolicyDocument: cognitoTrust(id, 'unauthenticated') });
  await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: auth.arn, unauthenticated: guest.arn } }));
  pool = { id, auth: auth.arn, guest: guest.arn };
});
after(async () => {
  await signOut().catch(() => undefined);
  admin.destroy();
  anonymous.destroy();
  await server.stop();
});

const roleOf = async (accessKeyId: string) => (await server.services.store.temporaryCredentials.get(accessKeyId))!.roleArn;

describe('fromCognitoIdentityPool', () => {
  it('gets guest credentials through the enhanced flow', async () => {
    const provider = fromCognitoIdentityPool({ identityPoolId: pool.id, clientConfig: { endpoint: server.url, region: 'us-east-1' } });
    const credentials = await provider();
    assert.match(credentials.accessKeyId, /^ASIA/);
    assert.match(credentials.identityId, /^us-east-1:/);
    assert.ok(credentials.expiration!.getTime() > Date.now());
    assert.equal(await roleOf(credentials.accessKeyId), pool.guest);
  });

  it('gets the authenticated role with an Alcove user-pool ID token', async () => {
    const { IdToken } = await apiSignIn(server, { ...userPool, username: 'alice', password: PASSWORD });
    const provider = fromCognitoIdentityPool({
      identityPoolId: pool.id, logins: { [userPool.provider]: IdToken }, clientConfig: { endpoint: server.url, region: 'us-east-1' },
    });
    const credentials = await provider();
    assert.equal(await roleOf(credentials.accessKeyId), pool.auth);
    const again = await fromCognitoIdentityPool({
      identityPoolId: pool.id, logins: { [userPool.provider]: IdToken }, clientConfig: { endpoint: server.url, region: 'us-east-1' },
    })();
    assert.equal(again.identityId, credentials.identityId);
  });
});

describe('Amplify v6', () => {
  it('fetchAuthSession returns guest credentials, then the signed-in identity and its credentials', async () => {
    const storage = new Map<string, string>();
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: userPool.poolId, userPoolClientId: userPool.clientId, userPoolEndpoint: server.url,
          identityPoolId: pool.id, identityPoolEndpoint: server.url, allowGuestAccess: true,
        },
      },
    });
    cognitoUserPoolsTokenProvider.setKeyValueStorage({
      setItem: async (k, v) => { storage.set(k, v); }, getItem: async (k) => storage.get(k) ?? null,
      removeItem: async (k) => { storage.delete(k); }, clear: async () => { storage.clear(); },
    });
    const guest = await fetchAuthSession();
    assert.match(guest.identityId!, /^us-east-1:/);
    assert.equal(await roleOf(guest.credentials!.accessKeyId), pool.guest);

    await signIn({ username: 'bob', password: PASSWORD });
    const session = await fetchAuthSession();
    assert.ok(session.tokens?.idToken);
    assert.equal(session.identityId, guest.identityId, 'the guest identity is linked to the user');
    assert.equal(await roleOf(session.credentials!.accessKeyId), pool.auth);
    assert.ok(session.credentials!.sessionToken);
  });
});
