/**
 * Nodes of one deployment start together with the same config file on one database: each applies
 * it, none fails for the other having created a pool, client, group or user first, and what the
 * file declares exists once. A node whose key-encryption key differs refuses to start, naming it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListGroupsCommand, ListUserPoolClientsCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startNode, testCluster, type NodeProcess } from '../helpers/node-process.ts';
import { SKIP, adminUrl, createTestDatabase, startNodes, type TestDatabase } from './cluster.ts';

const poolId = `us-east-1_Cluster${randomBytes(3).toString('hex')}`;

describe('several nodes, one config file', { skip: SKIP }, () => {
  let db: TestDatabase;
  let nodes: NodeProcess[] = [];
  let dir: string;

  before(async () => {
    db = await createTestDatabase(adminUrl!);
    dir = mkdtempSync(path.join(tmpdir(), 'alcove-mn-config-'));
  });
  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('all start at once and apply it; what it declares exists once', async () => {
    const file = path.join(dir, 'alcove.yaml');
    writeFileSync(file, `
pools:
  - name: cluster
    id: ${poolId}
    clients: [{ name: web, id: clusterweb${randomBytes(3).toString('hex')} }, { name: cli }]
    groups: [{ name: admins, precedence: 1 }]
    users:
${Array.from({ length: 5 }, (_, i) => `      - { username: user${i}, password: Passw0rd!long, groups: [admins] }`).join('\n')}
`);
    nodes = await startNodes(db, 3, { ALCOVE_CONFIG: file });
    const [a] = nodes;
    const users = await a!.client.send(new ListUsersCommand({ UserPoolId: poolId }));
    assert.deepEqual(users.Users?.map((u) => u.Username).sort(), ['user0', 'user1', 'user2', 'user3', 'user4']);
    const clients = await a!.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
    assert.deepEqual(clients.UserPoolClients?.map((c) => c.ClientName).sort(), ['cli', 'web']);
    const groups = await a!.client.send(new ListGroupsCommand({ UserPoolId: poolId }));
    assert.equal(groups.Groups?.length, 1);
  });

  it('refuses a node with another key-encryption key, naming the key the database needs', async () => {
    const cluster = testCluster(db.url);
    const other = { ...cluster, kek: `other:${randomBytes(32).toString('base64')}` };
    await assert.rejects(startNode('wrong-key', other),
      /refusing to start: the database holds secrets sealed under key-encryption key "mn", which the configured keyring \("other"\) does not have/);
  });
});
