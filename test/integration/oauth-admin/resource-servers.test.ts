/** Resource servers and custom scopes: CRUD, listing, Cognito's limits and errors. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateResourceServerCommand, CreateUserPoolCommand, DeleteResourceServerCommand, DescribeResourceServerCommand,
  ListResourceServersCommand, UpdateResourceServerCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('resource servers', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'resource-servers' }))).UserPool!.Id!;
  });
  after(async () => { await server.stop(); });

  it('creates, describes, updates, lists and deletes a resource server', async () => {
    const scopes = [{ ScopeName: 'asteroids.add', ScopeDescription: 'Add asteroids' }, { ScopeName: 'read', ScopeDescription: 'Read' }];
    const { ResourceServer } = await server.client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'solar-system-data', Name: 'Solar system', Scopes: scopes,
    }));
    assert.deepEqual(ResourceServer, { UserPoolId: poolId, Identifier: 'solar-system-data', Name: 'Solar system', Scopes: scopes });
    const described = await server.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'solar-system-data' }));
    assert.deepEqual(described.ResourceServer, ResourceServer);

    const updated = await server.client.send(new UpdateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'solar-system-data', Name: 'Planets', Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write' }],
    }));
    assert.equal(updated.ResourceServer!.Name, 'Planets');
    assert.deepEqual(updated.ResourceServer!.Scopes, [{ ScopeName: 'write', ScopeDescription: 'Write' }]);

    await server.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com', Name: 'API' }));
    const first = await server.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 1 }));
    assert.equal(first.ResourceServers!.length, 1);
    assert.ok(first.NextToken);
    const second = await server.client.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }));
    assert.deepEqual([...first.ResourceServers!, ...second.ResourceServers!].map((s) => s.Identifier).sort(), ['https://api.example.com', 'solar-system-data']);
    assert.deepEqual(first.ResourceServers![0]!.Scopes ?? [], []);

    await server.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com' }));
    await server.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'solar-system-data' }));
    const gone = await errorOf(() => server.client.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'solar-system-data' })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  it("answers bad input with Cognito's errors", async () => {
    await server.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'dup', Name: 'Dup' }));
    const dup = await errorOf(() => server.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'dup', Name: 'Again' })));
    assert.equal(dup.name, 'InvalidParameterException');
    const twice = await errorOf(() => server.client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'twice', Name: 'Twice',
      Scopes: [{ ScopeName: 'a', ScopeDescription: 'x' }, { ScopeName: 'a', ScopeDescription: 'y' }],
    })));
    assert.equal(twice.name, 'InvalidParameterException');
    const slash = await errorOf(() => server.client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'slash', Name: 'Slash', Scopes: [{ ScopeName: 'a/b', ScopeDescription: 'x' }],
    })));
    assert.equal(slash.name, 'InvalidParameterException');
    const noPool = await errorOf(() => server.client.send(new CreateResourceServerCommand({ UserPoolId: 'us-east-1_nothere00', Identifier: 'x', Name: 'x' })));
    assert.equal(noPool.name, 'ResourceNotFoundException');
    const missing = await errorOf(() => server.client.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'none', Name: 'x' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    const deleteMissing = await errorOf(() => server.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'none' })));
    assert.equal(deleteMissing.name, 'ResourceNotFoundException');
    await server.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'dup' }));
  });

  it('holds 25 resource servers per pool, also under concurrent creations', async () => {
    const pool = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'rs-limit' }))).UserPool!.Id!;
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) =>
      server.client.send(new CreateResourceServerCommand({ UserPoolId: pool, Identifier: `rs-${i}`, Name: `rs ${i}` }))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 25);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    const listed = await server.client.send(new ListResourceServersCommand({ UserPoolId: pool, MaxResults: 50 }));
    assert.equal(listed.ResourceServers!.length, 25);
  });
});
