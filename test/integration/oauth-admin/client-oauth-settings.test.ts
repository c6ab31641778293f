/** App clients' OAuth settings: Cognito's validation on CreateUserPoolClient and UpdateUserPoolClient. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CreateResourceServerCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, UpdateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput, type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import { redirectUrlProblem } from '../../../src/userPools/clients/oauth-settings.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

describe('app client OAuth settings', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'oauth-settings' }))).UserPool!.Id!;
    await server.client.send(new CreateResourceServerCommand({
      UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read orders' }],
    }));
  });
  after(async () => { await server.stop(); });

  const create = async (input: Partial<CreateUserPoolClientCommandInput>) =>
    (await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...input }))).UserPoolClient!;
  const web = {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid', 'email'],
    CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/cb'], LogoutURLs: ['https://app.example.com/'],
    SupportedIdentityProviders: ['COGNITO'],
  };

  it('stores a web client and an M2M client as given', async () => {
    const client = await create({ ...web, DefaultRedirectURI: 'https://app.example.com/callback' });
    assert.deepEqual(client.AllowedOAuthFlows, ['code']);
    assert.deepEqual(client.CallbackURLs, web.CallbackURLs);
    assert.equal(client.DefaultRedirectURI, 'https://app.example.com/callback');
    assert.equal(client.AllowedOAuthFlowsUserPoolClient, true);
    const m2m = await create({
      GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'],
    });
    assert.deepEqual(m2m.AllowedOAuthScopes, ['orders/read']);
    const app = await create({ ...web, CallbackURLs: ['myapp://signin', 'http://127.0.0.1:8080/x', 'http://[::1]:9/y'] });
    assert.equal(app.CallbackURLs!.length, 3);
  });

  const refused = async (input: Partial<CreateUserPoolClientCommandInput>, name: string, message?: string | RegExp) => {
    const e = await errorOf(() => create(input));
    assert.equal(e.name, name, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
  };

  it("refuses bad settings with Cognito's errors", async () => {
    await refused({ ...web, CallbackURLs: ['http://app.example.com/cb'] }, 'InvalidParameterException', /HTTPS/);
    await refused({ ...web, CallbackURLs: ['https://app.example.com/cb#frag'] }, 'InvalidParameterException', /fragment/);
    await refused({ ...web, CallbackURLs: ['/relative'] }, 'InvalidParameterException', /absolute/);
    await refused({ ...web, LogoutURLs: ['http://evil.example/'] }, 'InvalidParameterException', /LogoutURLs/);
    await refused({ ...web, DefaultRedirectURI: 'https://other.example.com/' }, 'InvalidParameterException');
    await refused({ ...web, CallbackURLs: [] }, 'InvalidOAuthFlowException', 'CallbackUrls can not be empty when code flow or implicit flow is selected');
    await refused({ ...web, AllowedOAuthFlows: ['code', 'client_credentials'], GenerateSecret: true }, 'InvalidOAuthFlowException',
      'client_credentials flow can not be selected along with code flow or implicit flow.');
    await refused({ AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/read'] },
      'InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.');
    await refused({ ...web, AllowedOAuthScopes: ['orders/write'] }, 'ScopeDoesNotExistException', 'Invalid scope requested: orders/write');
    await refused({ ...web, AllowedOAuthScopes: ['nonsense'] }, 'ScopeDoesNotExistException');
    await refused({ ...web, SupportedIdentityProviders: ['Google'] }, 'InvalidParameterException',
      `The provider Google does not exist for User Pool ${poolId}`);
    await refused({ AllowedOAuthFlowsUserPoolClient: true }, 'InvalidOAuthFlowException');
    await refused({ ExplicitAuthFlows: ['ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType, 'ALLOW_USER_SRP_AUTH'], GenerateSecret: true },
      'InvalidParameterException');
    await refused({ ExplicitAuthFlows: ['ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType] }, 'InvalidParameterException');
  });

  it('checks the same rules on update, and existing clients keep working', async () => {
    const plain = await create({});
    const e = await errorOf(() => server.client.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: plain.ClientId!, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['implicit'],
      AllowedOAuthScopes: ['openid'], CallbackURLs: ['http://example.com/'],
    })));
    assert.equal(e.name, 'InvalidParameterException');
    const updated = await server.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.ClientId!, ...web }));
    assert.deepEqual(updated.UserPoolClient!.CallbackURLs, web.CallbackURLs);
  });

  it('accepts a URL only when it is absolute, fragment-free and HTTPS or loopback HTTP (property)', () => {
    const host = fc.domain();
    fc.assert(fc.property(host, fc.webPath(), (h, p) => redirectUrlProblem(`https://${h}${p}`) === undefined));
    fc.assert(fc.property(host.filter((h) => h !== 'localhost'), fc.webPath(), (h, p) => redirectUrlProblem(`http://${h}${p}`) !== undefined));
    fc.assert(fc.property(fc.constantFrom('localhost', '127.0.0.1', '[::1]'), fc.integer({ min: 1, max: 65535 }), fc.webPath(),
      (h, port, p) => redirectUrlProblem(`http://${h}:${port}${p}`) === undefined));
    fc.assert(fc.property(fc.webUrl(), fc.string(), (url, fragment) => redirectUrlProblem(`${url}#${fragment}`) !== undefined));
    fc.assert(fc.property(fc.string(), (s) => {
      const problem = redirectUrlProblem(s);
      // Whatever is accepted parses as an absolute URL without a fragment.
      return problem !== undefined || (!s.includes('#') && URL.canParse(s));
    }));
  });
});
