/** GetClientToken: machine-to-machine access tokens with custom scopes, verified by aws-jwt-verify. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserPoolClientSecretCommand, CognitoIdentityProviderClient, CreateResourceServerCommand, CreateUserPoolClientCommand,
  CreateUserPoolCommand, DeleteResourceServerCommand, GetClientTokenCommand, GetUserCommand, UpdateResourceServerCommand, type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { requireClient } from '../../../src/userPools/clients/client-view.ts';
import { issueClientCredentialsToken, OAuthGrantError } from '../../../src/userPools/oauth/index.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const CLIENT_TOKEN = 'ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType;

describe('GetClientToken', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let secret: string;
  /** Called without credentials at all: GetClientToken needs no IAM signature. */
  let unsigned: CognitoIdentityProviderClient;

  before(async () => {
    server = await startTestServer({ issuerStyle: 'cognito' });
    unsigned = new CognitoIdentityProviderClient({
      endpoint: server.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret-key-at-all' },
    });
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'm2m' }))).UserPool!.Id!;
    await server.client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'solar-system-data', Name: 'Solar system',
      Scopes: [{ ScopeName: 'asteroids.add', ScopeDescription: 'Add' }, { ScopeName: 'asteroids.read', ScopeDescription: 'Read' }],
    }));
    const created = (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'service', GenerateSecret: true, ExplicitAuthFlows: [CLIENT_TOKEN],
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['solar-system-data/asteroids.add', 'solar-system-data/asteroids.read'],
    }))).UserPoolClient!;
    clientId = created.ClientId!;
    secret = created.ClientSecret!;
  });
  after(async () => { unsigned.destroy(); await server.stop(); });

  const verifier = () => CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId }, {
    jwksCache: new SimpleJwksCache({
      fetcher: { fetch: async (uri: string) => (await fetch(uri.replace(/^https:\/\/cognito-idp\.[^/]+/, server.url))).arrayBuffer() },
    }),
  });

  it('issues an access token with the requested custom scope', async () => {
    const { ClientAuthenticationResult } = await unsigned.send(new GetClientTokenCommand({
      ClientId: clientId, Secret: secret, Scopes: ['solar-system-data/asteroids.add'],
    }));
    assert.equal(ClientAuthenticationResult!.TokenType, 'Bearer');
    assert.equal(ClientAuthenticationResult!.ExpiresIn, 3600);
    const claims = await verifier().verify(ClientAuthenticationResult!.AccessToken!, { scope: 'solar-system-data/asteroids.add' });
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.client_id, clientId);
    assert.equal(claims.sub, clientId);
    assert.equal(claims.scope, 'solar-system-data/asteroids.add');
    assert.equal(claims.version, 2);
    assert.equal(claims.username, undefined);
    assert.equal(claims.iss, `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`);
    // A machine's token is no person's: the user API refuses it.
    const e = await errorOf(() => unsigned.send(new GetUserCommand({ AccessToken: ClientAuthenticationResult!.AccessToken! })));
    assert.equal(e.name, 'NotAuthorizedException');
  });

  it("grants every allowed custom scope when none is asked for, and accepts the client's second secret", async () => {
    const added = await server.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    const second = added.ClientSecretDescriptor!.ClientSecretValue!;
    for (const s of [secret, second]) {
      const { ClientAuthenticationResult } = await unsigned.send(new GetClientTokenCommand({ ClientId: clientId, Secret: s }));
      const claims = await verifier().verify(ClientAuthenticationResult!.AccessToken!);
      assert.equal(claims.scope, 'solar-system-data/asteroids.add solar-system-data/asteroids.read');
    }
  });

  it("refuses wrong secrets, unknown clients, other clients' flows and scopes", async () => {
    const wrong = await errorOf(() => unsigned.send(new GetClientTokenCommand({ ClientId: clientId, Secret: 'wrong' })));
    assert.equal(wrong.name, 'NotAuthorizedException');
    const unknown = await errorOf(() => unsigned.send(new GetClientTokenCommand({ ClientId: 'nosuchclient', Secret: 'x' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    const scope = await errorOf(() => unsigned.send(new GetClientTokenCommand({ ClientId: clientId, Secret: secret, Scopes: ['openid'] })));
    assert.equal(scope.name, 'InvalidParameterException');
    assert.equal(scope.message, 'Invalid scope requested: openid');

    const web = (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', GenerateSecret: true }))).UserPoolClient!;
    const flow = await errorOf(() => unsigned.send(new GetClientTokenCommand({ ClientId: web.ClientId!, Secret: web.ClientSecret! })));
    assert.equal(flow.name, 'InvalidParameterException');
  });

  it("sees this node's resource server changes at once, though grants read the pool's scopes from a cache", async () => {
    const grant = (scope: string) => unsigned.send(new GetClientTokenCommand({ ClientId: clientId, Secret: secret, Scopes: [scope] }));
    await grant('solar-system-data/asteroids.add'); // the pool's scopes now cached
    const only = (names: string[]) => server.client.send(new UpdateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'solar-system-data', Name: 'Solar system',
      Scopes: names.map((n) => ({ ScopeName: n, ScopeDescription: n })),
    }));
    await only(['asteroids.read']);
    const gone = await errorOf(() => grant('solar-system-data/asteroids.add'));
    assert.equal(gone.name, 'InvalidParameterException');
    assert.equal(gone.message, 'Invalid scope requested: solar-system-data/asteroids.add');
    await only(['asteroids.add', 'asteroids.read']);
    const { ClientAuthenticationResult } = await grant('solar-system-data/asteroids.add');
    assert.equal((await verifier().verify(ClientAuthenticationResult!.AccessToken!)).scope, 'solar-system-data/asteroids.add');
  });

  it('shares the minting with the token endpoint: typed invalid_scope errors, deleted scopes no longer granted', async () => {
    const client = await requireClient(server.services.store, clientId);
    const origin = { ctx: { services: server.services, caller: { kind: 'anonymous' as const }, requestId: 'test', sourceIp: '127.0.0.1', userAgent: '' } };
    const token = await issueClientCredentialsToken(server.services, { client, scopes: ['solar-system-data/asteroids.read'], origin });
    assert.equal(token.scope, 'solar-system-data/asteroids.read');
    await assert.rejects(issueClientCredentialsToken(server.services, { client, scopes: ['other/scope'], origin }),
      (e: unknown) => e instanceof OAuthGrantError && e.oauthError === 'invalid_scope');
    await server.client.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'solar-system-data' }));
    await assert.rejects(issueClientCredentialsToken(server.services, { client, scopes: ['solar-system-data/asteroids.read'], origin }),
      (e: unknown) => e instanceof OAuthGrantError && e.oauthError === 'invalid_scope');
  });
});
