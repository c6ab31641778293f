/**
 * The account's limit of identity pools across two real nodes on one PostgreSQL: a burst of
 * CreateIdentityPool calls alternating between the nodes gets exactly the free slots, so the
 * count holds through the database alone (one counter row), not through anything a node keeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateIdentityPoolCommand, DeleteIdentityPoolCommand, ListIdentityPoolsCommand, type CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { NodeProcess } from '../helpers/node-process.ts';
import { testCluster } from '../helpers/node-process.ts';
import { identityBurstClient } from '../race/scenarios.ts';
import { SKIP, adminUrl, createTestDatabase, startNodes, type TestDatabase } from './cluster.ts';

describe('two nodes, one database: identity pools per account', { skip: SKIP }, () => {
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];
  let clients: CognitoIdentityClient[] = [];

  before(async () => {
    db = await createTestDatabase(adminUrl!);
    nodes = await startNodes(db, 2, { ALCOVE_IDENTITY_POOLS_PER_ACCOUNT: '5', ALCOVE_MAX_CONNECTIONS_PER_ADDRESS: '0' });
    const cluster = testCluster(db.url);
    clients = nodes.map((n) => identityBurstClient(n.url, { accessKeyId: cluster.accessKeyId, secretAccessKey: cluster.secretAccessKey }));
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
  });

  it('gives 5 of 30 concurrent CreateIdentityPool calls over both nodes a pool, and a deleted pool\'s slot to one more', async () => {
    const burst = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => clients[i % 2]!.send(new CreateIdentityPoolCommand({
      IdentityPoolName: `burst${i}`, AllowUnauthenticatedIdentities: true,
    }))));
    const created = burst.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ IdentityPoolId?: string }>[];
    assert.equal(created.length, 5);
    for (const r of burst) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    assert.equal((await clients[0]!.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))).IdentityPools!.length, 5);

    await clients[0]!.send(new DeleteIdentityPoolCommand({ IdentityPoolId: created[0]!.value.IdentityPoolId }));
    const again = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => clients[i % 2]!.send(new CreateIdentityPoolCommand({
      IdentityPoolName: `again${i}`, AllowUnauthenticatedIdentities: true,
    }))));
    assert.equal(again.filter((r) => r.status === 'fulfilled').length, 1);
  });
});
