/**
 * Pre token generation for machine-to-machine tokens: a V3_0 function is invoked with
 * `TokenGeneration_ClientCredentials` for GetClientToken and /oauth2/token's client_credentials
 * grant, and its accessTokenGeneration answer (claims, scopes added and suppressed) is what
 * aws-jwt-verify reads; V1_0 and V2_0 functions are not invoked for M2M tokens; a failing
 * function fails the grant with Cognito's error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CognitoIdentityProviderClient, CreateResourceServerCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, GetClientTokenCommand,
  type ExplicitAuthFlowsType, type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { PreTokenGenerationClientCredentialsV3TriggerEvent } from 'aws-lambda';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { arn, moduleFunction, TriggerEvents } from './events.ts';

let server: TestServer;
let unsigned: CognitoIdentityProviderClient;
const events = new TriggerEvents();
before(async () => {
  server = await startTestServer({
    issuerStyle: 'cognito',
    functions: {
      [arn('m2m-v3')]: moduleFunction('tokens.ts', 'm2m'),
      [arn('m2m-v2')]: moduleFunction('tokens.ts', 'm2m'),
      [arn('m2m-v1')]: moduleFunction('tokens.ts', 'm2m'),
    },
  }, { isolatedDatabase: true });
  unsigned = new CognitoIdentityProviderClient({
    endpoint: server.url, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret-key-at-all' },
  });
});
after(async () => { events.close(); unsigned.destroy(); await server.stop(); });

let n = 0;
async function m2mPool(LambdaConfig: LambdaConfigType) {
  const poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: `m2m-${++n}`, LambdaConfig }))).UserPool!.Id!;
  for (const Identifier of ['solar', 'extra']) {
    await server.client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier, Name: Identifier,
      Scopes: [{ ScopeName: 'asteroids.add', ScopeDescription: 'Add' }, { ScopeName: 'asteroids.read', ScopeDescription: 'Read' }, { ScopeName: 'granted', ScopeDescription: 'x' }],
    }));
  }
  const created = (await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'service', GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType],
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'],
    AllowedOAuthScopes: ['solar/asteroids.add', 'solar/asteroids.read'],
  }))).UserPoolClient!;
  const clientId = created.ClientId!;
  const verifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId }, {
    jwksCache: new SimpleJwksCache({
      fetcher: { fetch: async (uri: string) => (await fetch(uri.replace(/^https:\/\/cognito-idp\.[^/]+/, server.url))).arrayBuffer() },
    }),
  });
  return { poolId, clientId, secret: created.ClientSecret!, verifier };
}

const V3 = (name = 'm2m-v3'): LambdaConfigType => ({ PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: arn(name) } });

describe('TokenGeneration_ClientCredentials', () => {
  it('GetClientToken: the V3_0 function gets Cognito\'s event and its claims and scopes are in the token', async () => {
    const { poolId, clientId, secret, verifier } = await m2mPool(V3());
    const { ClientAuthenticationResult } = await unsigned.send(new GetClientTokenCommand({
      ClientId: clientId, Secret: secret, ClientMetadata: { tenant: 'acme' },
    }));
    const event = await events.next('preTokenM2M', 'TokenGeneration_ClientCredentials') as PreTokenGenerationClientCredentialsV3TriggerEvent;
    assert.equal(event.version, '3');
    assert.equal(event.userPoolId, poolId);
    assert.equal(event.callerContext.clientId, clientId);
    assert.deepEqual(event.request.userAttributes, {});
    assert.deepEqual(event.request.scopes, ['solar/asteroids.add', 'solar/asteroids.read']);
    assert.deepEqual(event.request.clientMetadata, { tenant: 'acme' });
    const claims = await verifier.verify(ClientAuthenticationResult!.AccessToken!, { scope: 'extra/granted' });
    assert.equal(claims['tenant'], 'acme');
    assert.equal(claims.scope, 'solar/asteroids.read extra/granted');
    assert.equal(claims.sub, clientId);
    assert.equal(claims['ignored'], undefined);
    assert.equal(claims['scratch'], undefined, 'claimsToSuppress wins over claimsToAddOrOverride');
    assert.equal(claims['cognito:groups'], undefined);
  });

  it('/oauth2/token client_credentials: the same customisation, no ClientMetadata', async () => {
    const { clientId, secret, verifier } = await m2mPool(V3());
    const res = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'solar/asteroids.add' }).toString(),
    });
    assert.equal(res.status, 200);
    const body = await res.json() as { access_token: string };
    const event = await events.next('preTokenM2M', 'TokenGeneration_ClientCredentials');
    assert.deepEqual(event['request'].scopes, ['solar/asteroids.add']);
    assert.deepEqual(event['request'].clientMetadata, {});
    const claims = await verifier.verify(body.access_token, { scope: 'extra/granted' });
    assert.equal(claims['tenant'], 'none');
    assert.equal(claims.scope, 'extra/granted', 'the requested scope was suppressed, the added one kept');
  });

  it('V1_0 and V2_0 functions are not invoked for M2M tokens', async () => {
    for (const LambdaConfig of [
      { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn('m2m-v2') } },
      { PreTokenGeneration: arn('m2m-v1') },
    ] satisfies LambdaConfigType[]) {
      const { clientId, secret, verifier } = await m2mPool(LambdaConfig);
      const { ClientAuthenticationResult } = await unsigned.send(new GetClientTokenCommand({ ClientId: clientId, Secret: secret }));
      const claims = await verifier.verify(ClientAuthenticationResult!.AccessToken!);
      assert.equal(claims['tenant'], undefined);
      assert.equal(claims.scope, 'solar/asteroids.add solar/asteroids.read');
    }
    await assert.rejects(events.next('preTokenM2M'), /no preTokenM2M/);
  });

  it('a failing function fails GetClientToken with UserLambdaValidationException', async () => {
    const { clientId, secret } = await m2mPool(V3());
    const error = await errorOf(() => unsigned.send(new GetClientTokenCommand({ ClientId: clientId, Secret: secret, ClientMetadata: { mode: 'fail' } })));
    assert.equal(error.name, 'UserLambdaValidationException');
    assert.equal(error.message, 'PreTokenGeneration failed with error tenant unknown.');
  });
});
