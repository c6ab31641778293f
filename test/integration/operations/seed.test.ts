import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  AdminGetUserCommand, AdminListGroupsForUserCommand, DescribeUserPoolClientCommand, DescribeUserPoolCommand,
  GetGroupCommand, ListGroupsCommand, ListUserPoolClientsCommand, ListUserPoolsCommand, ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readConfigFile, resolveSettings } from '../../../src/config.ts';
import { requirePool } from '../../../src/userPools/pools/load.ts';
import { passwordMatches, readCredentials } from '../../../src/userPools/users/credentials.ts';
import { findUser } from '../../../src/userPools/users/directory/lookup.ts';
import { createTestDatabase, startTestServer, testDatabaseUrl, type TestServer } from '../../helpers/server.ts';

// Unique per run, so that a shared PostgreSQL test database holds no look-alikes.
const tag = randomBytes(4).toString('hex');
const poolId = `us-east-1_Seed${tag}`;
const clientId = `seededclient${tag}`;
const poolName = `seeded-${tag}`;
const otherPoolName = `seeded-by-name-${tag}`;

const yaml = `
pools:
  - name: ${poolName}
    id: ${poolId}
    settings:
      AutoVerifiedAttributes: [email]
      Policies:
        PasswordPolicy: { MinimumLength: 10, RequireSymbols: false }
    clients:
      - name: web
        id: ${clientId}
        secret: fixedsecret${tag}
        settings:
          ExplicitAuthFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      - name: cli
    groups:
      - name: admins
        description: Administrators
        precedence: 1
    users:
      - username: alice
        password: Alice12345pw
        attributes: { email: alice@example.com, email_verified: "true" }
        groups: [admins]
      - username: bob
        password: Bob12345pwd
        status: FORCE_CHANGE_PASSWORD
  - name: ${otherPoolName}
`;

function writeConfig(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alcove-seed-'));
  const file = path.join(dir, 'alcove.yaml');
  writeFileSync(file, text);
  return file;
}

const poolsOf = (file: string) => resolveSettings([readConfigFile(file)]).pools;

async function poolNamed(server: TestServer, name: string): Promise<string[]> {
  const { UserPools } = await server.client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  return (UserPools ?? []).filter((p) => p.Name === name).map((p) => p.Id!);
}

describe('config seeding', () => {
  const configFile = writeConfig(yaml);
  after(() => rmSync(path.dirname(configFile), { recursive: true, force: true }));

  it('creates the pools, clients, groups and users of the config file, once', async (t) => {
    // Both starts share one database; on PostgreSQL one of this test's own, so that listing
    // pools sees only what the seed made.
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    t.after(() => db?.drop());
    const where = db ? { databaseUrl: db.url } : {};
    const first = await startTestServer({ pools: poolsOf(configFile), ...where });
    try {
      const { UserPool } = await first.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      assert.equal(UserPool?.Name, poolName);
      assert.equal(UserPool?.Policies?.PasswordPolicy?.MinimumLength, 10);
      assert.deepEqual(UserPool?.AutoVerifiedAttributes, ['email']);
      assert.equal((await poolNamed(first, otherPoolName)).length, 1);

      const { UserPoolClient } = await first.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
      assert.equal(UserPoolClient?.ClientName, 'web');
      assert.equal(UserPoolClient?.ClientSecret, `fixedsecret${tag}`);
      assert.deepEqual(UserPoolClient?.ExplicitAuthFlows, ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
      const clients = await first.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
      assert.deepEqual(clients.UserPoolClients?.map((c) => c.ClientName).sort(), ['cli', 'web']);

      const { Group } = await first.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
      assert.equal(Group?.Description, 'Administrators');
      assert.equal(Group?.Precedence, 1);

      const alice = await first.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      assert.equal(alice.UserStatus, 'CONFIRMED');
      assert.equal(alice.UserAttributes?.find((a) => a.Name === 'email')?.Value, 'alice@example.com');
      const bob = await first.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }));
      assert.equal(bob.UserStatus, 'FORCE_CHANGE_PASSWORD');
      const { Groups } = await first.client.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      assert.deepEqual(Groups?.map((g) => g.GroupName), ['admins']);

      // The given password is the one stored (sign-in is another concern's test).
      const pool = await requirePool(first.services.store, poolId);
      const stored = await findUser(first.services.store, pool, 'alice');
      const record = readCredentials(first.services, stored!);
      assert.ok(record && passwordMatches(pool, stored!, record, 'Alice12345pw'));
    } finally {
      first.client.destroy();
      first.anonymousClient.destroy();
      await first.close();
    }

    // Same data, same file: nothing new, nothing fails.
    const second = await startTestServer({ dataDir: first.dataDir, pools: poolsOf(configFile), ...where });
    try {
      assert.deepEqual(await poolNamed(second, poolName), [poolId]);
      assert.equal((await poolNamed(second, otherPoolName)).length, 1);
      const clients = await second.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }));
      assert.equal(clients.UserPoolClients?.length, 2);
      const groups = await second.client.send(new ListGroupsCommand({ UserPoolId: poolId }));
      assert.equal(groups.Groups?.length, 1);
      const users = await second.client.send(new ListUsersCommand({ UserPoolId: poolId }));
      assert.deepEqual(users.Users?.map((u) => u.Username).sort(), ['alice', 'bob']);
      const { UserPool } = await second.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      assert.equal(UserPool?.EstimatedNumberOfUsers, 2);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start on a config entry that breaks the rules, naming it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-seed-bad-'));
    const file = writeConfig(`
pools:
  - name: strict-${tag}
    users:
      - username: weak
        password: short
`);
    try {
      await assert.rejects(startTestServer({ dataDir, pools: poolsOf(file) }),
        /config pool "strict-\w+" user "weak": .*InvalidPasswordException: Password did not conform with policy/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
