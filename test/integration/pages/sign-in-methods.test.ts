/**
 * Choice of sign-in method on the managed login pages (the pool's SignInPolicy allows more than
 * PASSWORD, the client has ALLOW_USER_AUTH): an emailed or texted code without JavaScript through
 * the cookie-jar browser; in Chromium with a CDP virtual authenticator, passkey registration for
 * the signed-in person and passkey sign-in, the pages' only script served from a path ('self').
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolClientCommand, CreateUserPoolCommand, ListWebAuthnCredentialsCommand, InitiateAuthCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Browser as Chromium } from 'playwright-core';
import { chromiumSkip, launchChromium } from '../../helpers/browser.ts';
import { confirmedUser, PASSWORD } from '../../helpers/auth-flows.ts';
import { startSinks, type Sinks } from '../../helpers/message-sinks.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, formAction } from '../oauth/helpers.ts';

let server: TestServer;
let sinks: Sinks;
let poolId: string;
let clientId: string;
let passwordOnlyClientId: string;
/** The browser's origin: localhost (a secure context for WebAuthn, the pool's relying party). */
let origin: string;
let callback: string;

before(async () => {
  sinks = await startSinks();
  server = await startTestServer(sinks.settings, { isolatedDatabase: true });
  origin = `http://localhost:${new URL(server.url).port}`;
  callback = `${origin}/app-callback`;
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: 'methods', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] } },
    EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/auth@example.com' },
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' },
  }));
  poolId = UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
  }));
  const oauth = {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid'],
    CallbackURLs: [callback], SupportedIdentityProviders: ['COGNITO'],
  };
  const web = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web', ...oauth, ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  clientId = web.UserPoolClient!.ClientId!;
  const old = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'password-only', ...oauth, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  passwordOnlyClientId = old.UserPoolClient!.ClientId!;
  await confirmedUser(server, poolId, 'ines', [
    { Name: 'email', Value: 'ines@example.com' }, { Name: 'email_verified', Value: 'true' },
    { Name: 'phone_number', Value: '+15555550142' }, { Name: 'phone_number_verified', Value: 'true' },
  ]);
  await confirmedUser(server, poolId, 'pablo', [{ Name: 'email', Value: 'pablo@example.com' }, { Name: 'email_verified', Value: 'true' }]);
});
after(async () => { await server?.stop(); await sinks?.close(); });

const authorize = (client: string, extra: Record<string, string> = {}) =>
  `/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: client, redirect_uri: callback, scope: 'openid', ...extra })}`;

describe('sign-in methods without JavaScript', () => {
  it('signs in with an emailed code chosen on the "another way" page', async () => {
    const browser = new Browser(server.url);
    const first = await browser.fetch(authorize(clientId));
    const login = await (await browser.fetch(first.headers.get('location')!)).text();
    const link = /<a href="(\/login\/other\?[^"]+)">Sign in another way<\/a>/.exec(login);
    assert.ok(link, 'the sign-in page offers another way');
    const other = await (await browser.fetch(link[1]!.replace(/&amp;/g, '&'))).text();
    assert.match(other, /<h1>Choose how to sign in<\/h1>/);
    assert.match(other, /type="radio" name="method" value="WEB_AUTHN"/);
    assert.match(other, /type="radio" name="method" value="EMAIL_OTP"/);
    assert.match(other, /type="radio" name="method" value="SMS_OTP"/);
    assert.doesNotMatch(other, /<script/);

    const sent = await browser.submit(other, formAction(other), { username: 'ines', method: 'EMAIL_OTP' });
    assert.equal(sent.status, 200);
    const codePage = await sent.text();
    assert.match(codePage, /i\*\*\*@e\*\*\*/);
    const code = await sinks.codeFor('ines@example.com');
    const done = await browser.submit(codePage, formAction(codePage), { EMAIL_OTP_CODE: code });
    assert.equal(done.status, 302, await done.clone().text());
    const back = await browser.fetch(done.headers.get('location')!);
    assert.ok(back.headers.get('location')!.startsWith(`${callback}?code=`));
  });

  it('signs in with a texted code, in Spanish', async () => {
    const browser = new Browser(server.url);
    const other = await (await browser.fetch(`/login/other?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'openid', lang: 'es' })}`)).text();
    assert.match(other, /Enviarme un código por mensaje de texto/);
    const sent = await browser.submit(other, formAction(other), { username: 'ines', method: 'SMS_OTP' });
    const codePage = await sent.text();
    assert.match(codePage, /name="SMS_OTP_CODE"/);
    assert.match(codePage, /mensaje de texto a \+\*+0142/);
    const code = await sinks.codeFor('+15555550142');
    const done = await browser.submit(codePage, formAction(codePage), { SMS_OTP_CODE: code });
    assert.equal(done.status, 302);
  });

  it('refuses a method the account lacks, and offers none to a client without ALLOW_USER_AUTH', async () => {
    const browser = new Browser(server.url);
    const other = await (await browser.fetch(`/login/other?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'openid' })}`)).text();
    const refused = await browser.submit(other, formAction(other), { username: 'pablo', method: 'SMS_OTP' });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /This sign-in method is not available for this account\./);
    const first = await browser.fetch(authorize(passwordOnlyClientId));
    const login = await (await browser.fetch(first.headers.get('location')!)).text();
    assert.doesNotMatch(login, /Sign in another way/);
  });
});

describe('passkey pages in Chromium', { skip: chromiumSkip }, () => {
  let chrome: Chromium;
  before(async () => {
    chrome = await launchChromium();
  });
  after(async () => { await chrome?.close(); });

  it('registers a passkey for the signed-in person, then signs in with it (the script served from a path)', async () => {
    const context = await chrome.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    // The callback is this server's own path: it answers 404, enough to read the code from the URL.
    await page.goto(`${origin}${authorize(clientId)}`);
    await page.fill('input[name="username"]', 'pablo');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type="submit"]')]);

    const add = await page.goto(`${origin}/passkeys/add?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'openid' })}`);
    assert.equal(await page.locator('h1').textContent(), 'Create a passkey');
    assert.match(add!.headers()['content-security-policy']!, /script-src 'self'/);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type="submit"]')]);

    const { AuthenticationResult } = await server.anonymousClient.send(new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'pablo', PASSWORD },
    }));
    const { Credentials } = await server.anonymousClient.send(new ListWebAuthnCredentialsCommand({ AccessToken: AuthenticationResult!.AccessToken! }));
    assert.equal(Credentials!.length, 1);

    // A new browser session (same authenticator): passkey sign-in from the "another way" page.
    await context.clearCookies();
    await page.goto(`${origin}${authorize(clientId)}`);
    await page.click('text=Sign in another way');
    await page.fill('input[name="username"]', 'pablo');
    await page.check('input[value="WEB_AUTHN"]');
    await page.click('button[type="submit"]');
    assert.equal(await page.locator('h1').textContent(), 'Sign in with a passkey');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type="submit"]')]);
    assert.match(new URL(page.url()).searchParams.get('code') ?? '', /^[0-9a-f-]{36}$/);
    await context.close();
  });
});

