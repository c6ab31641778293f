/**
 * Identity pool administration through @aws-sdk/client-cognito-identity: create, describe,
 * update, list, delete, roles and role mappings, principal-tag maps, tags, and their errors;
 * the signature scope `cognito-identity`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateIdentityPoolCommand, DeleteIdentityPoolCommand, DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand, ListIdentityPoolsCommand, ListTagsForResourceCommand, SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand, TagResourceCommand, UntagResourceCommand, UpdateIdentityPoolCommand,
  type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { identityClients, ROLE } from './helpers.ts';

let server: TestServer;
let admin: CognitoIdentityClient;
let anonymous: CognitoIdentityClient;
const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123456';

before(async () => {
  server = await startTestServer();
  ({ admin, anonymous } = identityClients(server));
});
after(async () => {
  admin.destroy();
  anonymous.destroy();
  await server.stop();
});

describe('identity pools', () => {
  it('creates, describes, updates, lists and deletes a pool', async () => {
    const created = await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'my_pool', AllowUnauthenticatedIdentities: true, AllowClassicFlow: true,
      DeveloperProviderName: 'login.example.app',
      CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1', ServerSideTokenCheck: true }],
      OpenIdConnectProviderARNs: ['arn:aws:iam::000000000000:oidc-provider/login.example.com'],
      SupportedLoginProviders: { 'accounts.google.com': 'app.apps.googleusercontent.com' },
      IdentityPoolTags: { team: 'blue' },
    }));
    const id = created.IdentityPoolId!;
    assert.match(id, /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(created.IdentityPoolName, 'my_pool');
    assert.equal(created.AllowUnauthenticatedIdentities, true);
    assert.deepEqual(created.CognitoIdentityProviders, [{ ProviderName: PROVIDER, ClientId: 'client1', ServerSideTokenCheck: true }]);
    assert.deepEqual(created.IdentityPoolTags, { team: 'blue' });

    const described = await admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    assert.equal(described.DeveloperProviderName, 'login.example.app');
    assert.deepEqual(described.OpenIdConnectProviderARNs, ['arn:aws:iam::000000000000:oidc-provider/login.example.com']);

    const updated = await admin.send(new UpdateIdentityPoolCommand({
      IdentityPoolId: id, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false, DeveloperProviderName: 'login.example.app',
    }));
    assert.equal(updated.IdentityPoolName, 'renamed');
    assert.equal(updated.CognitoIdentityProviders, undefined);

    const changeDev = await errorOf(() => admin.send(new UpdateIdentityPoolCommand({
      IdentityPoolId: id, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: false, DeveloperProviderName: 'other',
    })));
    assert.equal(changeDev.name, 'InvalidParameterException');

    // Every page (a shared PostgreSQL database holds other test files' pools too).
    const listed = [];
    let next: string | undefined;
    do {
      const page = await admin.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken: next }));
      listed.push(...page.IdentityPools!);
      next = page.NextToken;
    } while (next);
    assert.ok(listed.some((p) => p.IdentityPoolId === id && p.IdentityPoolName === 'renamed'));

    await admin.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }));
    const gone = await errorOf(() => admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.message, `IdentityPool '${id}' not found.`);
  });

  it('pages ListIdentityPools', async () => {
    for (let i = 0; i < 3; i++) {
      await admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: `page${i}`, AllowUnauthenticatedIdentities: false }));
    }
    const first = await admin.send(new ListIdentityPoolsCommand({ MaxResults: 2 }));
    assert.equal(first.IdentityPools!.length, 2);
    assert.ok(first.NextToken);
    const second = await admin.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken: first.NextToken }));
    assert.ok(second.IdentityPools!.length >= 1);
    assert.ok(!second.IdentityPools!.some((p) => first.IdentityPools!.some((q) => q.IdentityPoolId === p.IdentityPoolId)));
    const bad = await errorOf(() => admin.send(new ListIdentityPoolsCommand({ MaxResults: 2, NextToken: 'nonsense' })));
    assert.equal(bad.name, 'InvalidParameterException');
  });

  it('validates input from the model and the settings', async () => {
    const longName = await errorOf(() => admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'x'.repeat(129), AllowUnauthenticatedIdentities: true })));
    assert.equal(longName.name, 'InvalidParameterException');
    const badArn = await errorOf(() => admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true, OpenIdConnectProviderARNs: ['arn:aws:iam::1:nope'],
    })));
    assert.equal(badArn.name, 'InvalidParameterException');
    const badProvider = await errorOf(() => admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'p', AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: 'example.com/x', ClientId: 'c' }],
    })));
    assert.equal(badProvider.name, 'InvalidParameterException');
    const badId = await errorOf(() => admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: 'not an id' })));
    assert.equal(badId.name, 'InvalidParameterException');
  });

  it('refuses unsigned and wrongly scoped admin calls', async () => {
    const unsigned = await errorOf(() => anonymous.send(new ListIdentityPoolsCommand({ MaxResults: 1 })));
    assert.equal(unsigned.name, 'UnrecognizedClientException');
    // A signature scoped to the user pools' service does not authorise identity pool calls.
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.ListIdentityPools',
        'x-amz-date': '20260101T000000Z',
        authorization: `AWS4-HMAC-SHA256 Credential=${server.accessKeys[0]!.accessKeyId}/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`,
      },
      body: '{"MaxResults":1}',
    });
    const body = await response.json() as { __type: string };
    assert.equal(response.status, 400);
    assert.ok(['InvalidSignatureException'].includes(body.__type), body.__type);
  });

  it('sets and gets roles and role mappings', async () => {
    const pool = await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'roles', AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1' }],
    }));
    const id = pool.IdentityPoolId!;
    const mappings = {
      [`${PROVIDER}:client1`]: {
        Type: 'Rules' as const, AmbiguousRoleResolution: 'AuthenticatedRole' as const,
        RulesConfiguration: { Rules: [{ Claim: 'cognito:groups', MatchType: 'Contains' as const, Value: 'admins', RoleARN: ROLE('admin') }] },
      },
    };
    await admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: id, Roles: { authenticated: ROLE('auth'), unauthenticated: ROLE('guest') }, RoleMappings: mappings,
    }));
    const roles = await admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    assert.deepEqual(roles.Roles, { authenticated: ROLE('auth'), unauthenticated: ROLE('guest') });
    assert.deepEqual(roles.RoleMappings, mappings);

    const badKey = await errorOf(() => admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { admin: ROLE('x') } })));
    assert.equal(badKey.name, 'InvalidParameterException');
    const badArn = await errorOf(() => admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: 'role' } })));
    assert.equal(badArn.name, 'InvalidParameterException');
    const unknownProvider = await errorOf(() => admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: id, Roles: {}, RoleMappings: { 'example.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } },
    })));
    assert.equal(unknownProvider.name, 'InvalidParameterException');
    const noPool = await errorOf(() => admin.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000' })));
    assert.equal(noPool.name, 'ResourceNotFoundException');
  });

  it('sets and gets principal tag attribute maps', async () => {
    const pool = await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'tags', AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: PROVIDER, ClientId: 'client1' }],
    }));
    const id = pool.IdentityPoolId!;
    const set = await admin.send(new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: id, IdentityProviderName: PROVIDER, UseDefaults: false, PrincipalTags: { department: 'custom:dept' },
    }));
    assert.deepEqual(set.PrincipalTags, { department: 'custom:dept' });
    const got = await admin.send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: id, IdentityProviderName: PROVIDER }));
    assert.equal(got.UseDefaults, false);
    assert.deepEqual(got.PrincipalTags, { department: 'custom:dept' });
    const other = await errorOf(() => admin.send(new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: id, IdentityProviderName: 'graph.facebook.com', UseDefaults: true,
    })));
    assert.equal(other.name, 'InvalidParameterException');
  });

  it('tags an identity pool by its ARN', async () => {
    const pool = await admin.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'tagged', AllowUnauthenticatedIdentities: true }));
    const arn = `arn:aws:cognito-identity:us-east-1:${server.accessKeys[0]!.accountId}:identitypool/${pool.IdentityPoolId}`;
    await admin.send(new TagResourceCommand({ ResourceArn: arn, Tags: { a: '1', b: '2' } }));
    await admin.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
    assert.deepEqual((await admin.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { b: '2' });
    const described = await admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool.IdentityPoolId }));
    assert.deepEqual(described.IdentityPoolTags, { b: '2' });
    const missing = await errorOf(() => admin.send(new ListTagsForResourceCommand({
      ResourceArn: `arn:aws:cognito-identity:us-east-1:${server.accessKeys[0]!.accountId}:identitypool/us-east-1:00000000-0000-4000-8000-000000000000`,
    })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });
});
