/** App clients: defaults, secrets, validation, replacement updates, pool membership, listing. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteUserPoolClientCommand, DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand, UpdateUserPoolClientCommand, type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('app clients', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'clients',
      Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true }, { Name: 'tenant', AttributeDataType: 'String' }],
    }));
    poolId = UserPool!.Id!;
  });
  after(async () => { await server.stop(); });

  const create = async (input: Partial<CreateUserPoolClientCommandInput> = {}) =>
    (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...input }))).UserPoolClient!;
  const describeClient = async (clientId: string, pool = poolId) =>
    (await server.client.send(new DescribeUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId }))).UserPoolClient!;

  it('creates a client with Cognito defaults', async () => {
    const created = await create({ ClientName: 'web' });
    assert.match(created.ClientId!, /^[a-z0-9]{26}$/);
    assert.equal(created.ClientSecret, undefined);
    const client = await describeClient(created.ClientId!);
    assert.equal(client.UserPoolId, poolId);
    assert.equal(client.ClientName, 'web');
    assert.equal(client.RefreshTokenValidity, 30);
    assert.equal(client.AccessTokenValidity, 60);
    assert.equal(client.IdTokenValidity, 60);
    assert.deepEqual(client.TokenValidityUnits, { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' });
    assert.deepEqual(client.ExplicitAuthFlows, ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']);
    assert.equal(client.AllowedOAuthFlowsUserPoolClient, false);
    assert.equal(client.PreventUserExistenceErrors, 'LEGACY');
    assert.equal(client.EnableTokenRevocation, true);
    assert.equal(client.EnablePropagateAdditionalUserContextData, false);
    assert.equal(client.AuthSessionValidity, 3);
    assert.equal(client.ReadAttributes, undefined);
    assert.equal(client.WriteAttributes, undefined);
    assert.ok(client.CreationDate instanceof Date);
    assert.ok(client.LastModifiedDate instanceof Date);
  });

  it('generates a secret and shows it on create and describe', async () => {
    const created = await create({ GenerateSecret: true });
    assert.match(created.ClientSecret!, /^[a-z0-9]{51}$/);
    const client = await describeClient(created.ClientId!);
    assert.equal(client.ClientSecret, created.ClientSecret);
    // The secret is what a SECRET_HASH is keyed with: a hash computed from it is well-formed.
    const hash = createHmac('sha256', client.ClientSecret!).update(`alice${client.ClientId}`).digest('base64');
    assert.match(hash, /^[A-Za-z0-9+/]+=*$/);
  });

  it('keeps the values and units it is given', async () => {
    const created = await create({
      AccessTokenValidity: 2, IdTokenValidity: 30, RefreshTokenValidity: 12,
      TokenValidityUnits: { IdToken: 'minutes', RefreshToken: 'hours' },
      ReadAttributes: ['email', 'custom:tenant'], WriteAttributes: ['email'],
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED', AuthSessionValidity: 10,
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 },
    });
    assert.equal(created.AccessTokenValidity, 2);
    assert.deepEqual(created.TokenValidityUnits, { AccessToken: 'hours', IdToken: 'minutes', RefreshToken: 'hours' });
    assert.deepEqual(created.ReadAttributes, ['email', 'custom:tenant']);
    assert.deepEqual(created.WriteAttributes, ['email']);
    assert.deepEqual(created.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    assert.equal(created.PreventUserExistenceErrors, 'ENABLED');
    assert.deepEqual(created.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
  });

  it('refuses token validities out of range', async () => {
    for (const bad of [
      { AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' as const } },
      { IdTokenValidity: 4, TokenValidityUnits: { IdToken: 'minutes' as const } },
      { AccessTokenValidity: 25 },
      { RefreshTokenValidity: 3651 },
      { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' as const } },
    ]) {
      const err = await errorOf(() => create(bad));
      assert.equal(err.name, 'InvalidParameterException', JSON.stringify(bad));
      assert.equal(err.message, 'Invalid range for token validity.');
    }
  });

  it('checks auth flows and attribute lists', async () => {
    const mixed = await errorOf(() => create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
    assert.equal(mixed.name, 'InvalidParameterException');
    const noRefresh = await errorOf(() => create({ ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }));
    assert.equal(noRefresh.message, 'REFRESH_TOKEN_AUTH should always be allowed.');
    const legacy = await create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] });
    assert.deepEqual(legacy.ExplicitAuthFlows, ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);

    const read = await errorOf(() => create({ ReadAttributes: ['custom:nope'] }));
    assert.equal(read.name, 'InvalidParameterException');
    assert.equal(read.message, 'Invalid read attributes specified while creating a client');
    const write = await errorOf(() => create({ WriteAttributes: ['given_name'] }));
    assert.equal(write.message, 'Invalid write attributes specified while creating a client');
    const writeSub = await errorOf(() => create({ WriteAttributes: ['email', 'sub'] }));
    assert.equal(writeSub.message, 'Invalid write attributes specified while creating a client');
  });

  it('updates by replacement and keeps the name and secret', async () => {
    const created = await create({ ClientName: 'before', GenerateSecret: true, AccessTokenValidity: 5, EnableTokenRevocation: false });
    const { UserPoolClient: updated } = await server.client.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: created.ClientId, IdTokenValidity: 2,
    }));
    assert.equal(updated!.ClientName, 'before');
    assert.equal(updated!.ClientSecret, created.ClientSecret);
    assert.equal(updated!.IdTokenValidity, 2);
    assert.equal(updated!.AccessTokenValidity, 60);
    assert.equal(updated!.EnableTokenRevocation, true);
    const badWrite = await errorOf(() => server.client.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: created.ClientId, ClientName: 'after', WriteAttributes: ['name'],
    })));
    assert.equal(badWrite.message, 'Invalid write attributes specified while updating a client');
    await server.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId, ClientName: 'after' }));
    assert.equal((await describeClient(created.ClientId!)).ClientName, 'after');
  });

  it('answers unknown pools and clients, and clients of another pool, as not found', async () => {
    const created = await create();
    const { UserPool: other } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'other' }));
    const wrongPool = await errorOf(() => describeClient(created.ClientId!, other!.Id!));
    assert.equal(wrongPool.name, 'ResourceNotFoundException');
    assert.equal(wrongPool.message, `User pool client ${created.ClientId} does not exist.`);
    const noPool = await errorOf(() => create({ UserPoolId: 'us-east-1_missing00' }));
    assert.equal(noPool.name, 'ResourceNotFoundException');
    assert.equal(noPool.message, 'User pool us-east-1_missing00 does not exist.');
    await server.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId }));
    const deleted = await errorOf(() => describeClient(created.ClientId!));
    assert.equal(deleted.message, `User pool client ${created.ClientId} does not exist.`);
    const again = await errorOf(() => server.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: created.ClientId })));
    assert.equal(again.name, 'ResourceNotFoundException');
  });

  it('lists a pool\'s clients page by page', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'listing' }));
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id, ClientName: `c${i}` }));
      ids.add(UserPoolClient!.ClientId!);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await server.client.send(new ListUserPoolClientsCommand({ UserPoolId: UserPool!.Id, MaxResults: 2, NextToken: token }));
      assert.ok(page.UserPoolClients!.length <= 2);
      for (const c of page.UserPoolClients!) {
        assert.deepEqual(Object.keys(c).sort(), ['ClientId', 'ClientName', 'UserPoolId']);
        assert.equal(c.UserPoolId, UserPool!.Id);
        seen.push(c.ClientId!);
      }
      token = page.NextToken;
    } while (token);
    assert.equal(seen.length, 5);
    assert.deepEqual(new Set(seen), ids);
    const all = await server.client.send(new ListUserPoolClientsCommand({ UserPoolId: UserPool!.Id }));
    assert.equal(all.UserPoolClients!.length, 5);
    assert.equal(all.NextToken, undefined);
  });
});
