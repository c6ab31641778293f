/**
 * A managed login style's factor graphics beside the choice of sign-in method (`/login/other`,
 * the pool's SignInPolicy allowing more than a password), served from the asset route; none when
 * the style turns graphics off (`categories.form.displayGraphics`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateManagedLoginBrandingCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, UpdateManagedLoginBrandingCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, CALLBACK } from '../oauth/helpers.ts';

const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4"/></svg>');

describe('factor graphics on the choice of sign-in method', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let styleId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await server.client.send(new CreateUserPoolCommand({
      PoolName: 'graphics', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } },
    }))).UserPool!.Id!;
    clientId = (await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'],
      CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'], ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }))).UserPoolClient!.ClientId!;
    styleId = (await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: poolId, ClientId: clientId, Assets: [{ Category: 'EMAIL_GRAPHIC', ColorMode: 'DYNAMIC', Extension: 'SVG', Bytes: SVG }],
    }))).ManagedLoginBranding!.ManagedLoginBrandingId!;
  });
  after(async () => { await server?.stop(); });

  const otherWay = async () => (await new Browser(server.url).fetch(
    `/login/other?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid' })}`,
  )).text();

  it('shows the graphic of a factor that has one, served as an image that runs nothing', async () => {
    const page = await otherWay();
    const graphic = /value="EMAIL_OTP"(?: checked)? required><img class="graphic" src="([^"]+)" alt="">/.exec(page);
    assert.ok(graphic, 'the email factor has its graphic');
    assert.match(graphic[1]!, new RegExp(`^/managed-login/assets/${poolId}/${styleId}/EMAIL_GRAPHIC/DYNAMIC\\.svg\\?v=\\d+$`));
    assert.match(page, /value="SMS_OTP"(?: checked)? required>Text me a sign-in code<\/label>/, 'no graphic without an asset');
    const image = await fetch(`${server.url}${graphic[1]}`);
    assert.equal(image.headers.get('content-type'), 'image/svg+xml');
    assert.match(image.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), SVG);
  });

  it('shows none when the style turns graphics off', async () => {
    await server.client.send(new UpdateManagedLoginBrandingCommand({
      UserPoolId: poolId, ManagedLoginBrandingId: styleId, Settings: { categories: { form: { displayGraphics: false } } },
    }));
    assert.doesNotMatch(await otherWay(), /class="graphic"/);
  });
});
