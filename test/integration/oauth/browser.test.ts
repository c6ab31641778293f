/**
 * The managed login pages in Debian's Chromium (playwright-core): openid-client as the relying
 * party (discovery, authorization code with PKCE through the sign-in page, token, refresh,
 * userInfo, revocation, logout; nonce and at_hash checked), a person's journey (sign up, the
 * code from the SMTP sink, confirm, sign in, sign out, single sign-on on a second client), and
 * axe-core on every page. Screenshots are kept under .tmp/artifacts/oauth/ (gitignored).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as oidc from 'openid-client';
import { type Browser as Chromium, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { axeViolations, chromiumSkip, launchChromium } from '../../helpers/browser.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { createServer, type Server } from 'node:http';
import { PASSWORD, createUser, setUpOAuthPool, type OAuthApp } from './helpers.ts';

const ARTIFACTS = path.resolve('.tmp/artifacts/oauth');

async function startSmtp(): Promise<{ port: number; mails: string[]; close(): Promise<void> }> {
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => { mails.push(Buffer.concat(chunks).toString('utf8')); callback(); });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  return { port: (smtp.server.address() as AddressInfo).port, mails, close: () => new Promise((resolve) => smtp.close(() => resolve())) };
}


describe('managed login in Chromium', { skip: chromiumSkip }, () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Chromium;
  let app: OAuthApp;
  /** The relying party's origin: a real server whose every page answers 200. */
  let rp: Server;
  let CALLBACK = '';
  let LOGOUT = '';
  const pagesChecked = new Set<string>();

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    smtp = await startSmtp();
    rp = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'); });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://localhost:${(rp.address() as AddressInfo).port}`;
    CALLBACK = `${origin}/callback`;
    LOGOUT = `${origin}/signed-out`;
    server = await startTestServer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` }, { isolatedDatabase: true });
    app = await setUpOAuthPool(server, 'oauth', { callback: CALLBACK, logout: LOGOUT });
    await createUser(server, app.poolId, 'alice');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
    await new Promise((resolve) => rp?.close(resolve));
  });

  /** A fresh browser profile. */
  async function newPage(): Promise<Page> {
    // The pages forbid scripts (CSP); axe is injected by the test, so the test context bypasses it.
    const context = await browser.newContext({ bypassCSP: true });
    return context.newPage();
  }

  async function check(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    const route = new URL(page.url()).pathname;
    if (!page.url().startsWith(server.url) || pagesChecked.has(route)) return;
    pagesChecked.add(route);
    assert.deepEqual(await axeViolations(page), [], `axe on ${route}`);
  }

  it('signs in an openid-client relying party by authorization code with PKCE, then refreshes, reads userInfo, revokes and logs out', async () => {
    const issuer = new URL(`${server.settings.publicUrl ?? server.url}/${app.poolId}`);
    const config = await oidc.discovery(new URL(`${server.url}/${app.poolId}`), app.clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const metadata = config.serverMetadata();
    assert.equal(metadata.authorization_endpoint, `${server.url}/oauth2/authorize`);
    assert.equal(metadata.end_session_endpoint, `${server.url}/logout`);
    assert.equal(metadata.revocation_endpoint, `${server.url}/oauth2/revoke`);
    void issuer;

    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK, scope: 'openid email profile', state, nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });

    const page = await newPage();
    await page.goto(url.href);
    assert.match(new URL(page.url()).pathname, /^\/login$/);
    await check(page, '01-sign-in');
    await page.fill('input[name="username"]', 'alice');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(CALLBACK)), page.click('button[type="submit"]')]);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.nonce, nonce);
    assert.equal(claims['cognito:username'], 'alice');
    assert.equal(claims.at_hash, createHash('sha256').update(tokens.access_token).digest().subarray(0, 16).toString('base64url'));
    const access = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(access.scope, 'openid email profile');
    assert.ok(tokens.refresh_token);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.email, 'alice@example.com');
    assert.equal(info.username, 'alice');

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.ok(refreshed.access_token);
    assert.equal(refreshed.claims()?.sub, claims.sub);

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (e: Error & { error?: string }) => e.error === 'invalid_grant');

    // Logout ends the session: the next authorize shows the sign-in page again.
    await page.goto(oidc.buildEndSessionUrl(config, { logout_uri: LOGOUT }).href);
    assert.equal(page.url(), LOGOUT);
    await page.goto(url.href);
    assert.match(new URL(page.url()).pathname, /^\/login$/);
    await page.context().close();
  });

  it('takes a person through sign-up, the emailed code, confirmation, sign-in, sign-out, and single sign-on on a second client', async () => {
    const page = await newPage();
    const authorize = (clientId: string) => `${server.url}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid email', lang: 'es',
    })}`;
    await page.goto(authorize(app.clientId));
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    await page.click('a[href^="/signup"]');
    await check(page, '02-sign-up');
    await page.fill('input[name="username"]', 'bruno');
    await page.fill('input[name="email"]', 'bruno@example.com');
    await page.fill('input[name="password"]', 'short');
    await page.click('button[type="submit"]');
    // Cognito's own message, shown to the person.
    assert.match(await page.textContent('[role="alert"]') ?? '', /Password did not conform with policy/);
    await check(page, '03-sign-up-error');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/confirm\?/);
    await check(page, '04-confirm');

    let mail: string | undefined;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = smtp.mails.find((m) => m.includes('bruno@example.com'));
      if (!mail) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const code = /\b(\d{6})\b/.exec(mail ?? '')?.[1];
    assert.ok(code, 'the sign-up code arrived by email');
    await page.fill('input[name="code"]', code);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/login\?/);

    await page.fill('input[name="username"]', 'bruno');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(`${CALLBACK}?code=`)), page.click('button[type="submit"]')]);
    await check(page, '05-signed-in');

    // Single sign-on: the second client gets a code without a sign-in page.
    await page.goto(authorize(app.otherClientId));
    assert.ok(page.url().startsWith(`${CALLBACK}?code=`), page.url());

    // Sign out, then the second client asks for a sign-in again.
    await page.goto(`${server.url}/logout?${new URLSearchParams({ client_id: app.otherClientId, logout_uri: LOGOUT })}`);
    assert.equal(page.url(), LOGOUT);
    await page.goto(authorize(app.otherClientId));
    assert.match(new URL(page.url()).pathname, /^\/login$/);

    // The other pages, for axe and the artifacts.
    await page.click('a[href^="/forgotPassword"]');
    await check(page, '06-forgot-password');
    await page.fill('input[name="username"]', 'bruno');
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/confirmforgotPassword\?/);
    await check(page, '07-confirm-forgot-password');
    await page.goto(`${server.url}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: `${CALLBACK}/evil` })}`);
    await check(page, '08-error');
    await page.context().close();
  });
});
