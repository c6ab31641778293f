/**
 * A person's journey through the managed login pages in Chromium, on a pool that requires MFA:
 * sign up, the code read from the SMTP sink, confirm, sign in, set up TOTP from the secret the QR
 * code page shows, sign out, sign in again with a TOTP code, then single sign-on on a second
 * client. axe-core (WCAG 2.1 A/AA) on each page met, and on the other new pages (choice of factor,
 * another way to sign in, the passkey page); screenshots kept under .tmp/artifacts/pages/.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AdminSetUserMFAPreferenceCommand, CreateTermsCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { type Browser as Chromium, type Page } from 'playwright-core';
import { axeViolations, chromiumSkip, launchChromium } from '../../helpers/browser.ts';
import { confirmedUser, PASSWORD as USER_PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { startSinks, type Sinks } from '../../helpers/message-sinks.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { PASSWORD, setUpOAuthPool, type OAuthApp } from '../oauth/helpers.ts';

const ARTIFACTS = path.resolve('.tmp/artifacts/pages');
const clock = testClock();


describe('a person\'s journey with TOTP in Chromium', { skip: chromiumSkip }, () => {
  let server: TestServer;
  let sinks: Sinks;
  let chrome: Chromium;
  let app: OAuthApp;
  let rp: Server;
  let CALLBACK = '';
  let LOGOUT = '';

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    sinks = await startSinks();
    rp = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'); });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://localhost:${(rp.address() as AddressInfo).port}`;
    CALLBACK = `${origin}/callback`;
    LOGOUT = `${origin}/signed-out`;
    server = await startTestServer(sinks.settings, { clock, isolatedDatabase: true });
    app = await setUpOAuthPool(server, 'journey', { callback: CALLBACK, logout: LOGOUT });
    await server.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: app.poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    for (const [name, link] of [['terms-of-use', 'https://example.com/terms'], ['privacy-policy', 'https://example.com/privacy']] as const) {
      await server.client.send(new CreateTermsCommand({
        UserPoolId: app.poolId, ClientId: app.clientId, TermsName: name, TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': link },
      }));
    }
    chrome = await launchChromium();
  });
  after(async () => {
    await chrome?.close();
    await server?.stop();
    await sinks?.close();
    await new Promise((resolve) => rp?.close(resolve));
  });

  /** A screenshot, and axe-core's verdict on the page. */
  async function check(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  }

  it('signs up, confirms, signs in, sets up TOTP from the QR page, signs out, signs in with a code, and has single sign-on', async () => {
    clock.t = Date.now();
    // axe is injected by the test: the context bypasses the pages' CSP.
    const context = await chrome.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const authorize = (clientId: string) => `${server.url}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid email',
    })}`;
    await page.goto(authorize(app.clientId));
    await check(page, '01-sign-in');
    await page.click('a[href^="/signup"]');
    assert.equal(await page.textContent('a[href="https://example.com/terms"]'), 'Terms of use');
    await check(page, '02-sign-up-with-terms');
    await page.fill('input[name="username"]', 'journey');
    await page.fill('input[name="email"]', 'journey@example.com');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/confirm\?/);
    await check(page, '03-confirm');
    await page.fill('input[name="code"]', await sinks.codeFor('journey@example.com'));
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/login\?/);

    await page.fill('input[name="username"]', 'journey');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('img.qr');
    assert.equal(await page.textContent('h1'), 'Set up an authenticator app');
    await check(page, '04-totp-setup');
    const secret = (await page.textContent('#secret'))!.trim();
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    await page.fill('input[name="code"]', totp.generate({ timestamp: clock.now() }));
    await Promise.all([page.waitForURL((u) => u.href.startsWith(`${CALLBACK}?code=`)), page.click('button[type="submit"]')]);
    await page.screenshot({ path: path.join(ARTIFACTS, '05-signed-in.png'), fullPage: true });

    // Sign out; the next sign-in asks for a code of the new token (a later time step).
    await page.goto(`${server.url}/logout?${new URLSearchParams({ client_id: app.clientId, logout_uri: LOGOUT })}`);
    assert.equal(page.url(), LOGOUT);
    clock.advance(30_000);
    await page.goto(authorize(app.clientId));
    await page.fill('input[name="username"]', 'journey');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('input[name="SOFTWARE_TOKEN_MFA_CODE"]');
    await check(page, '06-totp-code');
    await page.fill('input[name="SOFTWARE_TOKEN_MFA_CODE"]', totp.generate({ timestamp: clock.now() }));
    await Promise.all([page.waitForURL((u) => u.href.startsWith(`${CALLBACK}?code=`)), page.click('button[type="submit"]')]);

    // Single sign-on: the second client gets a code without any page.
    await page.goto(authorize(app.otherClientId));
    assert.ok(page.url().startsWith(`${CALLBACK}?code=`), page.url());
    await context.close();
  });

  it('passes axe on the other new pages: the factor choice, another way to sign in, the passkey page', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({
      PoolName: 'journey-methods', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } },
      EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/auth@example.com' },
      SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' },
    }));
    const poolId = UserPool!.Id!;
    await server.client.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' } },
      EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Code' }, WebAuthnConfiguration: { RelyingPartyId: 'localhost' },
    }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'],
      CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'], ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }));
    await confirmedUser(server, poolId, 'mia', [
      { Name: 'email', Value: 'mia@example.com' }, { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: '+15555550177' }, { Name: 'phone_number_verified', Value: 'true' },
    ]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'mia', SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }));
    const context = await chrome.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: UserPoolClient!.ClientId!, redirect_uri: CALLBACK, scope: 'openid' })}`);
    await page.fill('input[name="username"]', 'mia');
    await page.fill('input[name="password"]', USER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('input[name="ANSWER"]');
    await check(page, '07-select-mfa-type');
    await page.check('input[value="EMAIL_OTP"]');
    await page.click('button[type="submit"]');
    await page.waitForSelector('input[name="EMAIL_OTP_CODE"]');
    await check(page, '08-email-code');
    await page.fill('input[name="EMAIL_OTP_CODE"]', await sinks.codeFor('mia@example.com'));
    await Promise.all([page.waitForURL((u) => u.href.startsWith(`${CALLBACK}?code=`)), page.click('button[type="submit"]')]);
    // Signed in: the passkey registration page.
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/passkeys/add?${new URLSearchParams({ response_type: 'code', client_id: UserPoolClient!.ClientId!, redirect_uri: CALLBACK, scope: 'openid' })}`);
    assert.equal(await page.textContent('h1'), 'Create a passkey');
    await check(page, '09-passkey-add');

    await context.clearCookies();
    await page.goto(`${server.url.replace('127.0.0.1', 'localhost')}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: UserPoolClient!.ClientId!, redirect_uri: CALLBACK, scope: 'openid' })}`);
    await page.click('text=Sign in another way');
    await check(page, '10-another-way');
    await page.fill('input[name="username"]', 'mia');
    await page.check('input[value="WEB_AUTHN"]');
    await page.click('button[type="submit"]');
    // Mia has no passkey: the choice page says so, and stays accessible with its error.
    await page.waitForSelector('[role="alert"]');
    await check(page, '11-another-way-error');
    await context.close();
  });
});
