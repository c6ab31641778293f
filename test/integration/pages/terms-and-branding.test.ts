/**
 * The sign-up page's terms links in the person's language (the client's terms documents), and a
 * managed login style (ManagedLoginVersion 2 branding) applied to the pages: its colours and radii
 * as CSS, checked values only, and its form logo.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateManagedLoginBrandingCommand, CreateTermsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, CALLBACK, setUpOAuthPool, type OAuthApp } from '../oauth/helpers.ts';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('terms links and the managed login style on the pages', () => {
  let server: TestServer;
  let app: OAuthApp;
  before(async () => {
    server = await startTestServer();
    app = await setUpOAuthPool(server, 'terms-branding');
  });
  after(async () => { await server?.stop(); });

  const pagePath = (path: string, clientId: string, lang?: string) =>
    `${path}?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, ...(lang ? { lang } : {}) })}`;
  const get = async (path: string) => (await new Browser(server.url).fetch(path)).text();

  it('links the terms of use and privacy policy from the sign-up page in the person\'s language', async () => {
    assert.doesNotMatch(await get(pagePath('/signup', app.clientId)), /class="legal"/, 'nothing before both documents exist');
    for (const [name, links] of [
      ['terms-of-use', { 'cognito:default': 'https://example.com/terms', 'cognito:spanish': 'https://example.com/es/terms' }],
      ['privacy-policy', { 'cognito:default': 'https://example.com/privacy', 'cognito:spanish': 'https://example.com/es/privacy' }],
    ] as const) {
      await server.client.send(new CreateTermsCommand({
        UserPoolId: app.poolId, ClientId: app.clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE', Links: links,
      }));
    }
    const english = await get(pagePath('/signup', app.clientId));
    assert.match(english, /<p class="legal">By signing up, you agree to the <a href="https:\/\/example.com\/terms">Terms of use<\/a> and the <a href="https:\/\/example.com\/privacy">Privacy policy<\/a>\.<\/p>/);
    const spanish = await get(pagePath('/signup', app.clientId, 'es'));
    assert.match(spanish, /<a href="https:\/\/example.com\/es\/terms">Condiciones de uso<\/a> y la <a href="https:\/\/example.com\/es\/privacy">Política de privacidad<\/a>/);
    // A language the pages do not speak still links that language's document when there is one, else the default.
    assert.match(await get(pagePath('/signup', app.clientId, 'fr')), /href="https:\/\/example.com\/terms"/);
    // Another client has no terms.
    assert.doesNotMatch(await get(pagePath('/signup', app.otherClientId)), /class="legal"/);
  });

  it('applies a managed login style\'s colours, radii and form logo (served from a path); a colour that is not hex is refused', async () => {
    const bad = await errorOf(() => server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: app.poolId, ClientId: app.clientId,
      Settings: { components: { pageText: { lightMode: { headingColor: 'red;}</style><script>alert(1)</script>' } } } },
    })));
    assert.equal(bad.name, 'InvalidParameterException');
    assert.match(bad.message, /components\.pageText\.lightMode\.headingColor/);
    await server.client.send(new CreateManagedLoginBrandingCommand({
      UserPoolId: app.poolId, ClientId: app.clientId,
      Settings: {
        components: {
          primaryButton: { lightMode: { defaults: { backgroundColor: '5B21B6FF', textColor: 'ffffffff' } } },
          pageBackground: { lightMode: { color: 'faf5ffff' } },
          form: { borderRadius: 12, logo: { enabled: true } },
        },
        componentClasses: { link: { lightMode: { defaults: { textColor: '4c1d95' } } }, buttons: { borderRadius: 2 } },
      },
      Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG', Bytes: PNG }],
    }));
    const login = await get(pagePath('/login', app.clientId));
    assert.match(login, /body\{background-color:#faf5ffff;color:#414d5cff\}/);
    assert.match(login, /main\{border-radius:12px\}/);
    assert.match(login, /button\{background-color:#5b21b6ff;color:#ffffffff\}/);
    assert.match(login, /button,a\.secondary\{border-radius:2px\}/);
    assert.match(login, /a\{color:#4c1d95\}/);
    const logo = /<div class="logo"><img src="(\/managed-login\/assets\/[^"]+\/FORM_LOGO\/LIGHT\.png\?v=\d+)" alt=""><\/div>/.exec(login);
    assert.ok(logo, 'the form logo, by URL');
    const image = await fetch(`${server.url}${logo[1]}`);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.equal(image.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), PNG);
    // The style is the client's: the other client's pages keep the defaults.
    const other = await get(pagePath('/login', app.otherClientId));
    assert.doesNotMatch(other, /#5b21b6ff/);
    assert.doesNotMatch(other, /class="logo"/);
  });
});
