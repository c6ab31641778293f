/** The OAuth management API through the real AWS CLI, as an administrator would run it. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { awsCli, awsCliSkip } from '../../helpers/aws-cli.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';


describe('OAuth management through the AWS CLI', { skip: awsCliSkip }, () => {
  let server: TestServer;
  let aws: (...args: string[]) => Promise<any>;
  let poolId: string;

  before(async () => {
    server = await startTestServer();
    aws = awsCli(server);
    // Made with the SDK: each CLI call costs seconds of Python start-up.
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'cli-oauth' }))).UserPool!.Id!;
  });
  after(async () => { await server.stop(); });

  it('sets up a domain, a resource server, an M2M client and a second secret', async () => {
    const prefix = `cli-${randomBytes(4).toString('hex')}`;
    const domain = await aws('create-user-pool-domain', '--user-pool-id', poolId, '--domain', prefix, '--managed-login-version', '2');
    assert.equal(domain.ManagedLoginVersion, 2);

    const { ResourceServer } = await aws('create-resource-server', '--user-pool-id', poolId, '--identifier', 'orders',
      '--name', 'Orders', '--scopes', 'ScopeName=read,ScopeDescription=Read');
    assert.deepEqual(ResourceServer.Scopes, [{ ScopeName: 'read', ScopeDescription: 'Read' }]);

    const { UserPoolClient } = await aws('create-user-pool-client', '--user-pool-id', poolId, '--client-name', 'm2m',
      '--generate-secret', '--allowed-o-auth-flows-user-pool-client', '--allowed-o-auth-flows', 'client_credentials',
      '--allowed-o-auth-scopes', 'orders/read');
    assert.deepEqual(UserPoolClient.AllowedOAuthScopes, ['orders/read']);
    const added = await aws('add-user-pool-client-secret', '--user-pool-id', poolId, '--client-id', UserPoolClient.ClientId);
    assert.ok(added.ClientSecretDescriptor.ClientSecretValue);
    const listed = await aws('list-user-pool-client-secrets', '--user-pool-id', poolId, '--client-id', UserPoolClient.ClientId);
    assert.equal(listed.ClientSecrets.length, 2);
  });

  it('prints Cognito errors for a bad callback URL and a reserved prefix', async () => {
    // AWS CLI v1 fetches a URL-valued parameter, so the client comes as JSON input.
    const url = await aws('create-user-pool-client', '--cli-input-json', JSON.stringify({
      UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'], CallbackURLs: ['http://app.example.com/cb'],
    })).then(() => undefined, (e: { stderr: string }) => e);
    assert.match(url!.stderr, /InvalidParameterException/);
    assert.match(url!.stderr, /HTTPS/);
    const reserved = await aws('create-user-pool-domain', '--user-pool-id', poolId, '--domain', 'my-cognito-app')
      .then(() => undefined, (e: { stderr: string }) => e);
    assert.match(reserved!.stderr, /Domain cannot contain reserved word: cognito/);
  });
});
