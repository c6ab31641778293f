/** Smoke test with the real AWS CLI (`aws cognito-idp ... --endpoint-url`), as a user would run it. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { awsCli, awsCliSkip } from '../../helpers/aws-cli.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';


describe('AWS CLI', { skip: awsCliSkip }, () => {
  let server: TestServer;
  let aws: (...args: string[]) => Promise<any>;

  before(async () => {
    server = await startTestServer();
    aws = awsCli(server);
  });
  after(async () => { await server.stop(); });

  it('creates a pool, a client with a secret, users and a group, and lists them', async () => {
    const { UserPool } = await aws('create-user-pool', '--pool-name', 'cli-pool', '--auto-verified-attributes', 'email');
    assert.match(UserPool.Id, /^us-east-1_/);
    const { UserPoolClient } = await aws('create-user-pool-client', '--user-pool-id', UserPool.Id, '--client-name', 'web', '--generate-secret');
    assert.match(UserPoolClient.ClientId, /^[a-z0-9]{26}$/);
    assert.ok(UserPoolClient.ClientSecret);
    for (const name of ['alice', 'bob', 'alfred']) {
      await aws('admin-create-user', '--user-pool-id', UserPool.Id, '--username', name,
        '--user-attributes', `Name=email,Value=${name}@example.com`, '--message-action', 'SUPPRESS');
    }
    await aws('create-group', '--user-pool-id', UserPool.Id, '--group-name', 'admins', '--precedence', '1');
    await aws('admin-add-user-to-group', '--user-pool-id', UserPool.Id, '--username', 'alice', '--group-name', 'admins');

    const { Users } = await aws('list-users', '--user-pool-id', UserPool.Id, '--filter', 'username ^= "al"');
    assert.deepEqual(Users.map((u: { Username: string }) => u.Username).sort(), ['alfred', 'alice']);
    const inGroup = await aws('list-users-in-group', '--user-pool-id', UserPool.Id, '--group-name', 'admins');
    assert.deepEqual(inGroup.Users.map((u: { Username: string }) => u.Username), ['alice']);
    const described = await aws('describe-user-pool', '--user-pool-id', UserPool.Id);
    assert.equal(described.UserPool.EstimatedNumberOfUsers, 3);
  });

  it('prints Cognito errors for bad input', async () => {
    const missing = await aws('describe-user-pool', '--user-pool-id', 'us-east-1_nothere99').then(() => undefined, (e: { stderr: string }) => e);
    assert.ok(missing, 'the call should fail');
    assert.match(missing.stderr, /ResourceNotFoundException/);
    assert.match(missing.stderr, /User pool us-east-1_nothere99 does not exist\./);
    const invalid = await aws('list-users', '--user-pool-id', 'bad id').then(() => undefined, (e: { stderr: string }) => e);
    assert.match(invalid!.stderr, /InvalidParameterException/);
  });
});
