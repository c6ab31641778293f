/**
 * IAM OpenID Connect providers through @aws-sdk/client-iam (Create / Get / List / Delete, IAM's
 * errors), and what trusts them: STS's AssumeRoleWithWebIdentity (a role whose Federated principal
 * is the provider's ARN; the token's audience among the provider's client ids) and an identity
 * pool's OpenIdConnectProviderARNs. Alcove's own user pool plays the external issuer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateOpenIDConnectProviderCommand, CreateRoleCommand, DeleteOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand,
  IAMClient, ListOpenIDConnectProvidersCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';

describe('IAM OpenID Connect providers', () => {
  let server: TestServer;
  let iam: IAMClient;
  let sts: STSClient;
  let identity: CognitoIdentityClient;
  let poolId: string;
  let clientId: string;
  let otherClientId: string;
  let url: string;
  let key: string;
  let arn: string;
  const suffix = Date.now().toString(36);

  before(async () => {
    server = await startTestServer();
    const k = server.accessKeys[0]!;
    const credentials = { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey };
    iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    identity = new CognitoIdentityClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    ({ poolId, clientId } = await poolAndClient(server));
    otherClientId = (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'other', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }))).UserPoolClient!.ClientId!;
    await confirmedUser(server, poolId, 'alice');
    url = `${server.url}/${poolId}`;
    key = url.replace(/^https?:\/\//, '');
    arn = `arn:aws:iam::000000000000:oidc-provider/${key}`;
  });
  after(async () => {
    iam.destroy();
    sts.destroy();
    identity.destroy();
    await server.stop();
  });

  const idToken = async (client: string) => (await signIn(server, { poolId, clientId: client, username: 'alice', password: PASSWORD })).IdToken;

  it('are created, read, listed and deleted with client-iam', async () => {
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({
      Url: url, ClientIDList: [clientId], ThumbprintList: ['0123456789abcdef0123456789abcdef01234567'], Tags: [{ Key: 'team', Value: 'a' }],
    }));
    assert.equal(created.OpenIDConnectProviderArn, arn);
    const dup = await errorOf(() => iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: [clientId] })));
    assert.equal(dup.name, 'EntityAlreadyExistsException');
    assert.equal(dup.message, `Provider with url ${url} already exists.`);

    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, key);
    assert.deepEqual(got.ClientIDList, [clientId]);
    assert.deepEqual(got.ThumbprintList, ['0123456789abcdef0123456789abcdef01234567']);
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'a' }]);
    assert.ok(got.CreateDate instanceof Date);
    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.ok(listed.OpenIDConnectProviderList!.some((p) => p.Arn === arn));

    const badUrl = await errorOf(() => iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'ftp://example.com', ClientIDList: ['x'] })));
    assert.equal(badUrl.name, 'ValidationError');
    const thumbprints = await errorOf(() => iam.send(new CreateOpenIDConnectProviderCommand({
      Url: `https://many-${suffix}.example.com`, ThumbprintList: Array.from({ length: 6 }, (_, i) => String(i).repeat(40)),
    })));
    assert.equal(thumbprints.name, 'InvalidInputException');

    const temporary = `https://gone-${suffix}.example.com/issuer`;
    const made = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: temporary, ClientIDList: ['app'] }));
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: made.OpenIDConnectProviderArn }));
    const gone = await errorOf(() => iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: made.OpenIDConnectProviderArn })));
    assert.equal(gone.name, 'NoSuchEntityException');
    assert.equal(gone.message, `OpenIDConnect Provider not found for arn ${made.OpenIDConnectProviderArn}`);
    assert.equal((await errorOf(() => iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: made.OpenIDConnectProviderArn })))).name, 'NoSuchEntityException');
  });

  it('are trusted by STS as AWS does: the provider ARN as principal, the audience among its client ids', async () => {
    const roleName = `OidcUsers${suffix}`;
    const { Role } = await iam.send(new CreateRoleCommand({
      RoleName: roleName, Path: `/oidc${suffix}/`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow', Principal: { Federated: arn }, Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${key}:aud`]: clientId } },
        }],
      }),
    }));
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: Role!.Arn, RoleSessionName: 'alice', WebIdentityToken: await idToken(clientId) }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    assert.equal(out.Audience, clientId);
    assert.equal(out.Provider, key);

    // A client the provider does not list: refused, although the issuer is this server's own user pool.
    const e = await errorOf(async () => sts.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: Role!.Arn, RoleSessionName: 'alice', WebIdentityToken: await idToken(otherClientId),
    })));
    assert.equal(e.name, 'InvalidIdentityTokenException');
    assert.equal(e.message, 'Incorrect token audience');
  });

  it('resolve an identity pool\'s OpenIdConnectProviderARNs, whose client ids check the audience', async () => {
    const pool = await identity.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'registered-oidc', AllowUnauthenticatedIdentities: false, OpenIdConnectProviderARNs: [arn],
    }));
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [key]: await idToken(clientId) } }));
    assert.match(IdentityId!, /^us-east-1:/);
    const other = await errorOf(async () => identity.send(new GetIdCommand({ IdentityPoolId: pool.IdentityPoolId, Logins: { [key]: await idToken(otherClientId) } })));
    assert.equal(other.name, 'NotAuthorizedException');
    assert.equal(other.message, 'Invalid login token. Incorrect token audience.');

    const unregisteredArn = `arn:aws:iam::000000000000:oidc-provider/unregistered-${suffix}.example.com`;
    const unregistered = await identity.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'unregistered-oidc', AllowUnauthenticatedIdentities: false, OpenIdConnectProviderARNs: [unregisteredArn],
    }));
    const refused = await errorOf(async () => identity.send(new GetIdCommand({
      IdentityPoolId: unregistered.IdentityPoolId, Logins: { [`unregistered-${suffix}.example.com`]: await idToken(clientId) },
    })));
    assert.equal(refused.name, 'NotAuthorizedException');
    assert.equal(refused.message, `Invalid login token. The OpenID Connect provider ${unregisteredArn} is not registered.`);
  });
});
