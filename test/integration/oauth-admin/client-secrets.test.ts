/** Client secrets: two active secrets per client, both accepted by SECRET_HASH and raw-secret checks. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserPoolClientSecretCommand, DeleteUserPoolClientSecretCommand, DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand, InitiateAuthCommand, ListUserPoolClientSecretsCommand, UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient, secretHash } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('client secrets', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  const signIn = (poolClient: string, secret: string) => server.client.send(new InitiateAuthCommand({
    ClientId: poolClient, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: secretHash(secret, 'alice', poolClient) },
  }));

  it('adds a second secret; both sign in, then the first is retired', async () => {
    const { poolId, clientId, clientSecret } = await poolAndClient(server, {}, { GenerateSecret: true });
    await confirmedUser(server, poolId, 'alice');
    const first = clientSecret!;

    const listed = await server.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(listed.ClientSecrets!.length, 1);
    const firstId = listed.ClientSecrets![0]!.ClientSecretId!;
    assert.match(firstId, new RegExp(`^${clientId}--\\d+$`));
    assert.equal(listed.ClientSecrets![0]!.ClientSecretValue, undefined);

    const added = (await server.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecretDescriptor!;
    const second = added.ClientSecretValue!;
    assert.match(second, /^[a-z0-9]{51}$/);
    assert.ok(added.ClientSecretCreateDate instanceof Date);
    assert.notEqual(added.ClientSecretId, firstId);

    assert.ok((await signIn(clientId, first)).AuthenticationResult?.AccessToken);
    const viaSecond = await signIn(clientId, second);
    assert.ok(viaSecond.AuthenticationResult?.AccessToken);
    const wrong = await errorOf(() => signIn(clientId, 'not-the-secret'));
    assert.equal(wrong.name, 'NotAuthorizedException');
    // The raw secret (GetTokensFromRefreshToken) is accepted in either form too.
    for (const secret of [first, second]) {
      const refreshed = await server.client.send(new GetTokensFromRefreshTokenCommand({
        ClientId: clientId, ClientSecret: secret, RefreshToken: viaSecond.AuthenticationResult!.RefreshToken!,
      }));
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
    }

    const third = await errorOf(() => server.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })));
    assert.equal(third.name, 'LimitExceededException');

    // An update of the client's settings keeps both secrets.
    await server.client.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: clientId, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    assert.equal((await server.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!.length, 2);

    await server.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: firstId }));
    const retired = await errorOf(() => signIn(clientId, first));
    assert.equal(retired.name, 'NotAuthorizedException');
    // The raw form too, although the server checked it (and kept its digest) just before.
    const refreshWith = (secret: string) => server.client.send(new GetTokensFromRefreshTokenCommand({
      ClientId: clientId, ClientSecret: secret, RefreshToken: viaSecond.AuthenticationResult!.RefreshToken!,
    }));
    assert.equal((await errorOf(() => refreshWith(first))).name, 'NotAuthorizedException');
    assert.ok((await refreshWith(second)).AuthenticationResult?.AccessToken);
    assert.ok((await signIn(clientId, second)).AuthenticationResult?.AccessToken);
    const described = await server.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(described.UserPoolClient!.ClientSecret, second);

    const last = await errorOf(() => server.client.send(new DeleteUserPoolClientSecretCommand({
      UserPoolId: poolId, ClientId: clientId, ClientSecretId: added.ClientSecretId!,
    })));
    assert.equal(last.name, 'InvalidParameterException');
    const unknown = await errorOf(() => server.client.send(new DeleteUserPoolClientSecretCommand({
      UserPoolId: poolId, ClientId: clientId, ClientSecretId: firstId,
    })));
    assert.equal(unknown.name, 'ResourceNotFoundException');

    // A custom value fills the free slot again and is not echoed back.
    const custom = (await server.client.send(new AddUserPoolClientSecretCommand({
      UserPoolId: poolId, ClientId: clientId, ClientSecret: 'my+custom_secret_value_0123456789',
    }))).ClientSecretDescriptor!;
    assert.equal(custom.ClientSecretValue, undefined);
    assert.ok((await signIn(clientId, 'my+custom_secret_value_0123456789')).AuthenticationResult?.AccessToken);
    // The first secret's slot holds the custom one now: the raw check goes by the value stored.
    assert.ok((await refreshWith('my+custom_secret_value_0123456789')).AuthenticationResult?.AccessToken);
    assert.equal((await errorOf(() => refreshWith(first))).name, 'NotAuthorizedException');
  });

  it('refuses a secret for a public client, and unknown clients', async () => {
    const { poolId, clientId } = await poolAndClient(server);
    const e = await errorOf(() => server.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })));
    assert.equal(e.name, 'InvalidParameterException');
    const missing = await errorOf(() => server.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: 'nothere' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('keeps at most two secrets under 20 concurrent additions', async () => {
    const { poolId, clientId } = await poolAndClient(server, {}, { GenerateSecret: true });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () =>
      server.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
    const listed = await server.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.equal(listed.ClientSecrets!.length, 2);
  });
});
