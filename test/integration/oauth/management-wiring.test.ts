/**
 * The OAuth endpoints with the management API behind them: the client_credentials grant (custom
 * scopes of a resource server, either of two client secrets) through openid-client, pages routed
 * by a pool domain's host name, and a pool's UI customisation applied to its pages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  AddUserPoolClientSecretCommand, CreateResourceServerCommand, CreateUserPoolClientCommand, CreateUserPoolDomainCommand,
  SetUICustomizationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, authorizePath, setUpOAuthPool, type OAuthApp } from './helpers.ts';

/** A GET with a Host header of our choosing (fetch sends the URL's own). */
function getOnHost(url: string, host: string): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, location: res.headers.location });
    }).on('error', reject).end();
  });
}

const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('OAuth endpoints with the management API', () => {
  let server: TestServer;
  let app: OAuthApp;
  let other: OAuthApp;
  before(async () => {
    server = await startTestServer();
    app = await setUpOAuthPool(server, 'served');
    other = await setUpOAuthPool(server, 'other');
  });
  after(async () => { await server?.stop(); });

  it('grants client_credentials with custom scopes to either of two secrets, verified by openid-client', async () => {
    await server.client.send(new CreateResourceServerCommand({
      UserPoolId: app.poolId, Identifier: 'https://api.example.com', Name: 'api',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }, { ScopeName: 'write', ScopeDescription: 'Write' }],
    }));
    const created = (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: app.poolId, ClientName: 'machine', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['https://api.example.com/read', 'https://api.example.com/write'],
    }))).UserPoolClient!;
    const second = (await server.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: app.poolId, ClientId: created.ClientId! }))).ClientSecretDescriptor!;
    for (const secret of [created.ClientSecret!, second.ClientSecretValue!]) {
      const config = await oidc.discovery(new URL(`${server.url}/${app.poolId}`), created.ClientId!, secret, oidc.ClientSecretBasic(), { execute: [oidc.allowInsecureRequests] });
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'https://api.example.com/read' });
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.equal(tokens.refresh_token, undefined);
      const claims = payload(tokens.access_token);
      assert.deepEqual([claims.client_id, claims.sub, claims.scope, claims.token_use], [created.ClientId, created.ClientId, 'https://api.example.com/read', 'access']);
    }
    // Without a scope: every custom scope the client allows.
    const basic = `Basic ${Buffer.from(`${created.ClientId}:${second.ClientSecretValue}`).toString('base64')}`;
    const all = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: 'grant_type=client_credentials',
    });
    assert.equal(all.status, 200);
    assert.equal(payload(((await all.json()) as { access_token: string }).access_token).scope, 'https://api.example.com/read https://api.example.com/write');
    const refused = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: 'grant_type=client_credentials&scope=openid',
    });
    assert.deepEqual([refused.status, ((await refused.json()) as { error: string }).error], [400, 'invalid_scope']);
    const wrongSecret = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${created.ClientId}:nope`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(((await wrongSecret.json()) as { error: string }).error, 'invalid_client');
    // A code-flow client may not use the grant.
    const codeClient = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${app.secretClientId}:${app.secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    assert.equal(((await codeClient.json()) as { error: string }).error, 'unauthorized_client');
  });

  it('routes pages by a prefix domain\'s host name: its own pool\'s clients only', async () => {
    await server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: app.poolId, Domain: 'served-app' }));
    const host = 'served-app.auth.us-east-1.amazoncognito.com';
    const onDomain = (clientId: string) => getOnHost(`${server.url}${authorizePath(clientId)}`, host);
    const own = await onDomain(app.clientId);
    assert.equal(own.status, 302);
    assert.match(own.location!, /^\/login\?/);
    const foreign = await onDomain(other.clientId);
    assert.equal(foreign.status, 400, 'another pool\'s client is served on this pool\'s domain');
    assert.equal(foreign.location, undefined);
    // By path at the public URL, any pool's client is served.
    assert.equal((await getOnHost(`${server.url}${authorizePath(other.clientId)}`, new URL(server.url).host)).status, 302);
  });

  it('applies the pool\'s UI customisation (CSS and logo) to its pages', async () => {
    await server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: other.poolId, Domain: 'other-app' })).catch(() => undefined);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await server.client.send(new SetUICustomizationCommand({ UserPoolId: other.poolId, CSS: '.banner-customizable { background-color: #123456; }', ImageFile: png }));
    const browser = new Browser(server.url);
    const first = await browser.fetch(authorizePath(other.clientId));
    const page = await (await browser.fetch(first.headers.get('location')!)).text();
    assert.match(page, /\.banner-customizable\s*\{\s*background-color:\s*#123456;?\s*\}/);
    assert.match(page, /<img class="logo" src="data:image\/png;base64,/);
  });
});
