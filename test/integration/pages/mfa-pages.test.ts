/**
 * The managed login pages' MFA steps through a cookie-jar browser, as a person without
 * JavaScript meets them: TOTP set-up (MFA_SETUP) with the QR code and the secret as text, then
 * SOFTWARE_TOKEN_MFA; SMS_MFA and EMAIL_OTP codes (read from the SMS webhook and the SMTP sink)
 * with the masked destination shown; SELECT_MFA_TYPE's choice; Spanish; wrong codes and CSRF.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminSetUserMFAPreferenceCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { confirmedUser, PASSWORD, testClock } from '../../helpers/auth-flows.ts';
import { serverWithSinks, SES, type Sinks, SMS } from '../../helpers/message-sinks.ts';
import { type TestServer } from '../../helpers/server.ts';
import { Browser, CALLBACK, authorizePath, formAction } from '../oauth/helpers.ts';

const clock = testClock();
const STEP = 30_000;
let server: TestServer;
let sinks: Sinks;
serverWithSinks(clock, (started) => ({ server, sinks } = started));

let counter = 0;

/** A pool with the MFA factors given and an app client set up for the code flow. */
async function mfaPool(mode: 'ON' | 'OPTIONAL', factors: { totp?: boolean; sms?: boolean; email?: boolean }) {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: `pages-mfa-${++counter}`, EmailConfiguration: SES, SmsConfiguration: SMS }));
  const poolId = UserPool!.Id!;
  await server.client.send(new SetUserPoolMfaConfigCommand({
    UserPoolId: poolId, MfaConfiguration: mode,
    ...(factors.totp ? { SoftwareTokenMfaConfiguration: { Enabled: true } } : {}),
    ...(factors.sms ? { SmsMfaConfiguration: { SmsConfiguration: SMS } } : {}),
    ...(factors.email ? { EmailMfaConfiguration: { Message: 'Sign-in code: {####}', Subject: 'Your sign-in code' } } : {}),
  }));
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'],
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return { poolId, clientId: UserPoolClient!.ClientId! };
}

/** The sign-in form posted: the page the browser lands on next (a challenge's page). */
async function passwordStep(browser: Browser, clientId: string, username: string, extra: Record<string, string> = {}): Promise<Response> {
  const first = await browser.fetch(authorizePath(clientId, { scope: 'openid', ...extra }));
  assert.equal(first.status, 302);
  const login = await (await browser.fetch(first.headers.get('location')!)).text();
  return browser.submit(login, formAction(login), { username, password: PASSWORD });
}

/** A step answered with a redirect back to /oauth2/authorize, which sends the code to the callback. */
async function codeAfter(browser: Browser, res: Response): Promise<string> {
  assert.equal(res.status, 302, await res.clone().text());
  const back = await browser.fetch(res.headers.get('location')!);
  assert.equal(back.status, 302);
  const location = new URL(back.headers.get('location')!);
  assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
  return location.searchParams.get('code')!;
}

const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ');

describe('managed login MFA pages', () => {
  it('sets up TOTP from the QR code page (secret as text too), then asks for its code at the next sign-in', async () => {
    const { poolId, clientId } = await mfaPool('ON', { totp: true });
    await confirmedUser(server, poolId, 'tess', [{ Name: 'email', Value: 'tess@example.com' }]);
    const browser = new Browser(server.url);
    const setup = await passwordStep(browser, clientId, 'tess');
    assert.equal(setup.status, 200);
    const page = await setup.text();
    assert.match(page, /<h1>Set up an authenticator app<\/h1>/);
    const qr = /<img class="qr" src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]+)">/.exec(page);
    assert.ok(qr, 'a QR code image');
    assert.match(Buffer.from(qr[1]!, 'base64').toString(), /^<svg /);
    assert.ok(qr[2]!.length > 10, 'the QR code has a text alternative');
    const secret = /<code id="secret">([A-Z2-7]+)<\/code>/.exec(page)![1]!;
    assert.equal(secret.length, 52);
    assert.doesNotMatch(page, /<script/);

    // A wrong code: Cognito's message, the same secret shown again.
    const code = totp(secret).generate({ timestamp: clock.now() });
    const wrong = await browser.submit(page, formAction(page), { code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    const again = await wrong.text();
    assert.match(again, /role="alert">Code mismatch</);
    assert.match(again, new RegExp(`<code id="secret">${secret}</code>`));

    assert.ok(await codeAfter(browser, await browser.submit(again, formAction(again), { code })));

    // The next sign-in, in another browser, asks for a code of the token just set up.
    clock.advance(STEP);
    const other = new Browser(server.url);
    const challenge = await passwordStep(other, clientId, 'tess');
    assert.equal(challenge.status, 200);
    const mfa = await challenge.text();
    assert.match(mfa, /<h1>Verify your identity<\/h1>/);
    assert.match(mfa, /authenticator app/);
    assert.match(mfa, /name="SOFTWARE_TOKEN_MFA_CODE" type="text" autocomplete="one-time-code" inputmode="numeric"/);
    assert.ok(await codeAfter(other, await other.submit(mfa, formAction(mfa), { SOFTWARE_TOKEN_MFA_CODE: totp(secret).generate({ timestamp: clock.now() }) })));
  });

  it('shows where an SMS code went, takes it, and refuses a wrong one with Cognito\'s message', async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL', { sms: true });
    await confirmedUser(server, poolId, 'sam', [{ Name: 'phone_number', Value: '+15555550123' }, { Name: 'phone_number_verified', Value: 'true' }]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'sam', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const browser = new Browser(server.url);
    const res = await passwordStep(browser, clientId, 'sam');
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(textOf(page), /We have sent a code by text message to \+\*+0123\. Enter it below\./);
    const code = await sinks.codeFor('+15555550123');
    const wrong = await browser.submit(page, formAction(page), { SMS_MFA_CODE: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    const again = await wrong.text();
    assert.match(again, /role="alert">Invalid code or auth state for the user\.</);
    assert.match(textOf(again), /\+\*+0123/, 'the destination is still shown');
    assert.ok(await codeAfter(browser, await browser.submit(again, formAction(again), { SMS_MFA_CODE: code })));
  });

  it('offers the choice of factor (SELECT_MFA_TYPE) as radio buttons, then the emailed code, in Spanish', async () => {
    const { poolId, clientId } = await mfaPool('ON', { sms: true, email: true });
    await confirmedUser(server, poolId, 'elena', [
      { Name: 'email', Value: 'elena@example.com' }, { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: '+15555550188' }, { Name: 'phone_number_verified', Value: 'true' },
    ]);
    await server.client.send(new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId, Username: 'elena', SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true },
    }));
    const browser = new Browser(server.url);
    const res = await passwordStep(browser, clientId, 'elena', { lang: 'es' });
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /<html lang="es">/);
    assert.match(page, /<h1>Elija cómo verificar su identidad<\/h1>/);
    assert.match(page, /<legend>Método de verificación<\/legend>/);
    assert.match(page, /type="radio" name="ANSWER" value="SMS_MFA"/);
    assert.match(page, /type="radio" name="ANSWER" value="EMAIL_OTP"/);
    assert.doesNotMatch(page, /value="SOFTWARE_TOKEN_MFA"/);

    // Without the form's CSRF token the choice is refused.
    const forged = await browser.fetch(formAction(page), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ challenge: 'SELECT_MFA_TYPE', session: 'x', username: 'elena', MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]', ANSWER: 'EMAIL_OTP' }).toString(),
    });
    assert.equal(forged.status, 400);
    assert.match(await forged.text(), /Invalid request/);

    const chosen = await browser.submit(page, formAction(page), { ANSWER: 'EMAIL_OTP' });
    assert.equal(chosen.status, 200);
    const emailPage = await chosen.text();
    assert.match(textOf(emailPage), /Le hemos enviado un código por correo electrónico a e\*\*\*@e\*\*\*/);
    assert.match(emailPage, /name="EMAIL_OTP_CODE"/);
    const code = await sinks.codeFor('elena@example.com');
    assert.ok(await codeAfter(browser, await browser.submit(emailPage, formAction(emailPage), { EMAIL_OTP_CODE: code })));
  });

  it('sets up email MFA by address when email is the only factor offered', async () => {
    const { poolId, clientId } = await mfaPool('ON', { email: true });
    await confirmedUser(server, poolId, 'omar');
    const browser = new Browser(server.url);
    const res = await passwordStep(browser, clientId, 'omar');
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /<h1>Set up email verification<\/h1>/);
    const sent = await browser.submit(page, formAction(page), { EMAIL: 'omar@example.com' });
    assert.equal(sent.status, 200);
    const codePage = await sent.text();
    assert.match(codePage, /name="EMAIL_OTP_CODE"/);
    const code = await sinks.codeFor('omar@example.com');
    assert.ok(await codeAfter(browser, await browser.submit(codePage, formAction(codePage), { EMAIL_OTP_CODE: code })));
  });
});
