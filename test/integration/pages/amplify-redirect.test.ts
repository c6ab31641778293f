/**
 * Amplify v6 `signInWithRedirect` against the TLS listener (`tls: self-signed`), in Chromium: a
 * page served by the test (Amplify bundled with esbuild at test time) configured with Alcove as
 * its OAuth domain; the redirect to /oauth2/authorize, the managed login sign-in, the code
 * exchange by Amplify at /oauth2/token (cross-origin), and fetchAuthSession's tokens.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { build } from 'esbuild';
import { type Browser as Chromium } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../../helpers/browser.ts';
import { startTlsTestServer, type TestServer } from '../../helpers/server.ts';
import { PASSWORD, createUser, setUpOAuthPool, type OAuthApp } from '../oauth/helpers.ts';

const WORK = path.resolve('.tmp/amplify-redirect');

const ENTRY = `
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signInWithRedirect } from 'aws-amplify/auth';
const config = JSON.parse(document.getElementById('config').textContent);
Amplify.configure({ Auth: { Cognito: {
  userPoolId: config.poolId, userPoolClientId: config.clientId,
  loginWith: { oauth: { domain: config.domain, scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
    redirectSignIn: [config.origin + '/'], redirectSignOut: [config.origin + '/'], responseType: 'code' } },
} } });
globalThis.startSignIn = () => signInWithRedirect();
globalThis.readSession = async () => {
  const session = await fetchAuthSession();
  const user = await getCurrentUser();
  return { username: user.username, idToken: session.tokens?.idToken?.toString(), accessToken: session.tokens?.accessToken?.toString() };
};
`;

describe('Amplify v6 signInWithRedirect through the managed login pages over TLS', { skip: chromiumSkip }, () => {
  let server: TestServer;
  let app: OAuthApp;
  let site: Server;
  let origin: string;
  let chrome: Chromium;

  before(async () => {
    mkdirSync(WORK, { recursive: true });
    writeFileSync(path.join(WORK, 'entry.js'), ENTRY);
    const bundled = await build({
      entryPoints: [path.join(WORK, 'entry.js')], bundle: true, format: 'iife', platform: 'browser', write: false,
      nodePaths: [path.resolve('node_modules')], logLevel: 'silent', define: { 'process.env.NODE_ENV': '"production"' },
    });
    const script = bundled.outputFiles[0]!.text;

    server = await startTlsTestServer();

    // The app: one page (its config, then the bundle), at http://localhost (a secure context).
    let config = '';
    site = createServer((req, res) => {
      if (req.url?.startsWith('/app.js')) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      res.writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><meta charset="utf-8"><title>app</title><script type="application/json" id="config">${config}</script><script src="/app.js"></script>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://localhost:${(site.address() as AddressInfo).port}`;
    app = await setUpOAuthPool(server, 'amplify', { callback: `${origin}/`, logout: `${origin}/` });
    await server.client.send(new UpdateUserPoolClientCommand({
      UserPoolId: app.poolId, ClientId: app.clientId, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'], CallbackURLs: [`${origin}/`], LogoutURLs: [`${origin}/`],
      SupportedIdentityProviders: ['COGNITO'], ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    await createUser(server, app.poolId, 'amy');
    config = JSON.stringify({ poolId: app.poolId, clientId: app.clientId, domain: new URL(server.url).host.replace('127.0.0.1', 'localhost'), origin });

    chrome = await launchChromium();
  });
  after(async () => {
    await chrome?.close();
    await server?.stop();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('redirects to Alcove, signs in on the page, and Amplify exchanges the code for tokens', async () => {
    assert.match(server.url, /^https:/);
    const context = await chrome.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof (globalThis as { startSignIn?: unknown }).startSignIn === 'function');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login' && u.protocol === 'https:'),
      page.evaluate(() => { void (globalThis as unknown as { startSignIn(): Promise<void> }).startSignIn(); }),
    ]);
    await page.fill('input[name="username"]', 'amy');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.origin === origin), page.click('button[type="submit"]')]);
    await page.waitForFunction(() => typeof (globalThis as { readSession?: unknown }).readSession === 'function');
    // Amplify redeems the code on load; fetchAuthSession waits for it.
    const session = await page.evaluate(async () => {
      for (let i = 0; i < 50; i++) {
        try {
          return await (globalThis as unknown as { readSession(): Promise<{ username: string; idToken?: string; accessToken?: string }> }).readSession();
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return undefined;
    });
    assert.ok(session, 'Amplify has a signed-in user');
    assert.equal(session.username, 'amy');
    const claims = JSON.parse(Buffer.from(session.idToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims['cognito:username'], 'amy');
    assert.equal(claims.aud, app.clientId);
    const access = JSON.parse(Buffer.from(session.accessToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(access.scope, 'openid email aws.cognito.signin.user.admin');
    assert.equal(new URL(page.url()).searchParams.get('code'), null, 'Amplify cleared the code from the address bar');
    await context.close();
  });
});
