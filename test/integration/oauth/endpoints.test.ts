/**
 * The OAuth endpoints by HTTP, as a relying party and an attacker see them: authorize's checks
 * (a bad client or redirect URI never redirects), the code grant's refusals (replay, verifier,
 * secret, redirect URI), refresh tokens across the JSON API and /oauth2/token, the implicit flow,
 * resource binding, userInfo and revocation errors, the session cookie (forged, prompt=login,
 * logout), CSRF, oversized input. Never a 500.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminCreateUserCommand, GetUserCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import {
  Browser, CALLBACK, LOGOUT, PASSWORD, authorizePath, createUser, formAction, pkce, redeem, setUpOAuthPool, signInByForm, type OAuthApp,
} from './helpers.ts';

const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const form = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

describe('OAuth endpoints', () => {
  let server: TestServer;
  let app: OAuthApp;
  before(async () => {
    server = await startTestServer();
    app = await setUpOAuthPool(server);
    await createUser(server, app.poolId, 'carol');
  });
  after(async () => { await server?.stop(); });

  async function codeFor(extra: Record<string, string> = {}, clientId = app.clientId): Promise<{ code: string; browser: Browser }> {
    const browser = new Browser(server.url);
    const location = await signInByForm(browser, authorizePath(clientId, { scope: 'openid email aws.cognito.signin.user.admin', ...extra }), 'carol');
    assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
    return { code: location.searchParams.get('code')!, browser };
  }

  it('never redirects to an unregistered or look-alike redirect URI, nor for an unknown client', async () => {
    const browser = new Browser(server.url);
    for (const redirect of [`${CALLBACK}/`, CALLBACK.toUpperCase(), `${CALLBACK}?x=1`, CALLBACK.replace('3000', '3001'), CALLBACK.replace('/callback', '/%63allback'), 'https://evil.example/callback', '']) {
      const res = await browser.fetch(`/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: app.clientId, redirect_uri: redirect })}`);
      assert.equal(res.status, 400, redirect);
      assert.equal(res.headers.get('location'), null, redirect);
      assert.match(await res.text(), /redirect_mismatch/);
    }
    const unknown = await browser.fetch(`/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'nosuchclient1234567890abcd', redirect_uri: CALLBACK })}`);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers.get('location'), null);
  });

  it('sends request errors to a registered redirect URI: scope, PKCE method, response type, prompt=none', async () => {
    const browser = new Browser(server.url);
    const errorOf = async (extra: Record<string, string>) => {
      const res = await browser.fetch(authorizePath(app.clientId, extra));
      assert.equal(res.status, 302);
      const location = new URL(res.headers.get('location')!);
      assert.equal(`${location.origin}${location.pathname}`, CALLBACK);
      return [location.searchParams.get('error'), location.searchParams.get('state')];
    };
    assert.deepEqual(await errorOf({ scope: 'openid phone', state: 's1' }), ['invalid_scope', 's1']);
    assert.deepEqual(await errorOf({ scope: 'email' }), ['invalid_scope', null]);
    assert.deepEqual(await errorOf({ code_challenge: pkce().challenge, code_challenge_method: 'plain' }), ['invalid_request', null]);
    assert.deepEqual(await errorOf({ code_challenge: pkce().challenge }), ['invalid_request', null]);
    assert.deepEqual(await errorOf({ response_type: 'id_token' }), ['unsupported_response_type', null]);
    assert.deepEqual(await errorOf({ identity_provider: 'Google' }), ['invalid_request', null]);
    assert.deepEqual(await errorOf({ prompt: 'none' }), ['login_required', null]);
  });

  it('redeems a code once with its PKCE verifier; a replay is invalid_grant and revokes what the code issued', async () => {
    const p = pkce();
    const { code } = await codeFor({ code_challenge: p.challenge, code_challenge_method: 'S256', nonce: 'n-1' });
    const wrongVerifier = await (await codeFor({ code_challenge: p.challenge, code_challenge_method: 'S256' })).code;
    const bad = await redeem(server.url, app.clientId, wrongVerifier, { code_verifier: pkce().verifier });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json() as { error: string }).error, 'invalid_grant');

    const res = await redeem(server.url, app.clientId, code, { code_verifier: p.verifier });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const tokens = await res.json() as Record<string, string>;
    assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'id_token', 'refresh_token', 'token_type']);
    assert.equal(payload(tokens.id_token!).nonce, 'n-1');
    assert.equal(payload(tokens.access_token!).scope, 'openid email aws.cognito.signin.user.admin');
    await server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.access_token! }));

    const replay = await redeem(server.url, app.clientId, code, { code_verifier: p.verifier });
    assert.equal(replay.status, 400);
    assert.equal((await replay.json() as { error: string }).error, 'invalid_grant');
    await assert.rejects(server.anonymousClient.send(new GetUserCommand({ AccessToken: tokens.access_token! })), { name: 'NotAuthorizedException' });
    const refresh = await fetch(`${server.url}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: app.clientId, refresh_token: tokens.refresh_token! }));
    assert.equal(refresh.status, 400);
  });

  it('refuses a code at another redirect URI, another client, or without a verifier it was bound to', async () => {
    const { code } = await codeFor();
    assert.equal((await redeem(server.url, app.clientId, code, { redirect_uri: `${CALLBACK}/` })).status, 400);
    const other = await codeFor();
    const res = await redeem(server.url, app.otherClientId, other.code);
    assert.deepEqual([res.status, (await res.json() as { error: string }).error], [400, 'invalid_grant']);
    // Not burnt by the other client's attempt.
    assert.equal((await redeem(server.url, app.clientId, other.code)).status, 200);
    const p = pkce();
    const bound = await codeFor({ code_challenge: p.challenge, code_challenge_method: 'S256' });
    assert.equal((await redeem(server.url, app.clientId, bound.code)).status, 400);
  });

  it('authenticates a confidential client by HTTP Basic or form body, and refuses a wrong or missing secret', async () => {
    const { code } = await codeFor({}, app.secretClientId);
    const wrong = await redeem(server.url, app.secretClientId, code, {}, 'not-the-secret');
    assert.deepEqual([wrong.status, (await wrong.json() as { error: string }).error], [400, 'invalid_client']);
    const missing = await redeem(server.url, app.secretClientId, code);
    assert.deepEqual([missing.status, (await missing.json() as { error: string }).error], [400, 'invalid_client']);
    assert.equal((await redeem(server.url, app.secretClientId, code, {}, app.secret)).status, 200);
    const second = await codeFor({}, app.secretClientId);
    assert.equal((await redeem(server.url, app.secretClientId, second.code, { client_secret: app.secret })).status, 200);
  });

  it('answers the token endpoint\'s other errors with Cognito\'s codes', async () => {
    const errorOf = async (body: Record<string, string>) => {
      const res = await fetch(`${server.url}/oauth2/token`, form(body));
      return [res.status, (await res.json() as { error: string }).error];
    };
    // A client allowed the code flow only may not use client_credentials (a public client, besides).
    assert.deepEqual(await errorOf({ grant_type: 'client_credentials', client_id: app.clientId }), [400, 'unauthorized_client']);
    assert.deepEqual(await errorOf({ grant_type: 'password', client_id: app.clientId }), [400, 'unsupported_grant_type']);
    assert.deepEqual(await errorOf({ client_id: app.clientId }), [400, 'invalid_request']);
    assert.deepEqual(await errorOf({ grant_type: 'authorization_code', client_id: 'nosuchclient1234567890abcd', code: 'x' }), [400, 'invalid_client']);
    assert.deepEqual(await errorOf({ grant_type: 'authorization_code', client_id: app.clientId, code: 'no-such-code', redirect_uri: CALLBACK }), [400, 'invalid_grant']);
    assert.deepEqual(await errorOf({ grant_type: 'authorization_code', client_id: app.clientId, code: 'x'.repeat(5000) }), [400, 'invalid_request']);
    const repeated = await fetch(`${server.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=refresh_token&grant_type=authorization_code&client_id=${app.clientId}` });
    assert.equal(repeated.status, 400);
    const huge = await fetch(`${server.url}/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `code=${'a'.repeat(200_000)}` });
    assert.equal(huge.status, 413);
    const preflight = await fetch(`${server.url}/oauth2/token`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-user-agent' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers')!, /x-amz-user-agent/);
  });

  it('refreshes tokens of /oauth2/token through the JSON API and the JSON API\'s through /oauth2/token, keeping the scopes', async () => {
    const { code } = await codeFor();
    const tokens = await (await redeem(server.url, app.clientId, code)).json() as Record<string, string>;
    const viaApi = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: app.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.refresh_token! },
    }));
    assert.equal(payload(viaApi.AuthenticationResult!.AccessToken!).scope, 'openid email aws.cognito.signin.user.admin');

    const signedIn = await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: app.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD },
    }));
    const res = await fetch(`${server.url}/oauth2/token`, form({ grant_type: 'refresh_token', client_id: app.clientId, refresh_token: signedIn.AuthenticationResult!.RefreshToken! }));
    assert.equal(res.status, 200);
    const refreshed = await res.json() as Record<string, string>;
    assert.equal(payload(refreshed.access_token!).scope, 'aws.cognito.signin.user.admin');
    assert.ok(refreshed.id_token);
    assert.equal(refreshed.refresh_token, undefined);
  });

  it('answers the implicit flow in the fragment, and binds the access token to a resource', async () => {
    const browser = new Browser(server.url);
    const location = await signInByForm(browser, authorizePath(app.clientId, {
      response_type: 'token', scope: 'openid', state: 'st', nonce: 'nn', resource: 'https://api.example.com',
    }), 'carol');
    const fragment = new URLSearchParams(location.hash.slice(1));
    assert.equal(location.search, '');
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal(fragment.get('state'), 'st');
    assert.equal(payload(fragment.get('access_token')!).aud, 'https://api.example.com');
    assert.equal(payload(fragment.get('id_token')!).nonce, 'nn');
    assert.equal(fragment.get('refresh_token'), null);
  });

  it('serves userInfo for a token with openid, refuses others with WWW-Authenticate, and revokes by /oauth2/revoke', async () => {
    const { code } = await codeFor();
    const tokens = await (await redeem(server.url, app.clientId, code)).json() as Record<string, string>;
    const info = await fetch(`${server.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(info.status, 200);
    const claims = await info.json() as Record<string, string>;
    assert.deepEqual([claims.email, claims.email_verified, claims.username], ['carol@example.com', 'true', 'carol']);

    const none = await fetch(`${server.url}/oauth2/userInfo`);
    assert.equal(none.status, 400);
    assert.match(none.headers.get('www-authenticate')!, /invalid_request/);
    const apiToken = (await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: app.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD },
    }))).AuthenticationResult!.AccessToken!;
    const noOpenid = await fetch(`${server.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${apiToken}` } });
    assert.equal(noOpenid.status, 401);
    assert.match(noOpenid.headers.get('www-authenticate')!, /invalid_token/);

    const otherClient = await fetch(`${server.url}/oauth2/revoke`, form({ token: tokens.refresh_token!, client_id: app.otherClientId }));
    assert.equal(otherClient.status, 401);
    const revoked = await fetch(`${server.url}/oauth2/revoke`, form({ token: tokens.refresh_token!, client_id: app.clientId }));
    assert.equal(revoked.status, 200);
    const after = await fetch(`${server.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(after.status, 401);
    assert.equal((await fetch(`${server.url}/oauth2/revoke`, form({ token: tokens.access_token!, client_id: app.clientId }))).status, 400);
  });

  it('keeps the session for single sign-on, refuses a forged cookie, ends it by prompt=login and /logout', async () => {
    const { browser } = await codeFor();
    const again = await browser.fetch(authorizePath(app.otherClientId));
    assert.equal(again.status, 302);
    assert.ok(again.headers.get('location')!.startsWith(`${CALLBACK}?code=`));

    const session = browser.cookies.get('cognito')!;
    for (const forged of [`${session.slice(0, -2)}xx`, `${'A'.repeat(43)}.${session.split('.').slice(1).join('.')}`, 'garbage', '']) {
      const thief = new Browser(server.url);
      thief.cookies.set('cognito', forged);
      const res = await thief.fetch(authorizePath(app.clientId));
      assert.equal(res.status, 302);
      assert.match(res.headers.get('location')!, /^\/login\?/, `forged cookie ${forged.slice(0, 10)}`);
    }

    const relogin = await browser.fetch(authorizePath(app.clientId, { prompt: 'login' }));
    assert.match(relogin.headers.get('location')!, /^\/login\?/);
    assert.match((await browser.fetch(authorizePath(app.clientId))).headers.get('location')!, /^\/login\?/, 'prompt=login ended the session');

    const second = (await codeFor()).browser;
    const badLogout = await second.fetch(`/logout?${new URLSearchParams({ client_id: app.clientId, logout_uri: 'https://evil.example/' })}`);
    assert.deepEqual([badLogout.status, badLogout.headers.get('location')], [400, null]);
    assert.equal((await second.fetch('/logout')).status, 400);
    const out = await second.fetch(`/logout?${new URLSearchParams({ client_id: app.clientId, logout_uri: LOGOUT })}`);
    assert.deepEqual([out.status, out.headers.get('location')], [302, LOGOUT]);
    const stolen = new Browser(server.url);
    stolen.cookies.set('cognito', session);
    assert.match((await stolen.fetch(authorizePath(app.clientId))).headers.get('location')!, /^\/login\?/, 'an ended session stays ended');
    const switchUser = await (await codeFor()).browser.fetch(`/logout?${new URLSearchParams({ client_id: app.clientId, redirect_uri: CALLBACK, response_type: 'code' })}`);
    assert.match(switchUser.headers.get('location')!, /^\/login\?/);
  });

  it('refuses a sign-in form without its CSRF token, and shows Cognito\'s message for a wrong password', async () => {
    const browser = new Browser(server.url);
    const page = await (await browser.fetch(`/login?${authorizePath(app.clientId).split('?')[1]}`)).text();
    const action = formAction(page);
    const forged = await browser.fetch(action, form({ username: 'carol', password: PASSWORD }));
    assert.equal(forged.status, 400);
    assert.equal(browser.cookies.has('cognito'), false);
    const wrong = await browser.submit(page, action, { username: 'carol', password: 'Wrong-pass1' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Incorrect username or password\./);
    const hinted = await (await browser.fetch(`/login?${authorizePath(app.clientId, { login_hint: 'carol"<x>' }).split('?')[1]}`)).text();
    assert.match(hinted, /name="username" type="text" autocomplete="username" value="carol&quot;&lt;x&gt;"/);
    const long = await browser.submit(page, action, { username: 'u'.repeat(4000), password: PASSWORD });
    assert.equal(long.status, 400);
    const oversized = await browser.fetch(`${authorizePath(app.clientId)}&state=${'s'.repeat(5000)}`);
    assert.equal(oversized.status, 400);
  });

  it('asks a user with a temporary password for a new one on the challenge\'s page, then signs them in', async () => {
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: app.poolId, Username: 'dora', TemporaryPassword: 'Temp-pass1', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'dora@example.com' }],
    }));
    const browser = new Browser(server.url);
    const login = await (await browser.fetch(`/login?${authorizePath(app.clientId).split('?')[1]}`)).text();
    const challenge = await browser.submit(login, formAction(login), { username: 'dora', password: 'Temp-pass1' });
    assert.equal(challenge.status, 200);
    const page = await challenge.text();
    assert.match(page, /name="NEW_PASSWORD"/);
    assert.match(page, /name="challenge" value="NEW_PASSWORD_REQUIRED"/);
    const weak = await browser.submit(page, formAction(page), {
      challenge: 'NEW_PASSWORD_REQUIRED', session: /name="session" value="([^"]+)"/.exec(page)![1]!, username: 'dora', NEW_PASSWORD: 'weak',
    });
    assert.equal(weak.status, 400);
    assert.match(await weak.text(), /Password does not conform to policy|Password did not conform with policy/);
    const done = await browser.submit(page, formAction(page), {
      challenge: 'NEW_PASSWORD_REQUIRED', session: /name="session" value="([^"]+)"/.exec(page)![1]!, username: 'dora', NEW_PASSWORD: 'Brand-new1',
    });
    assert.equal(done.status, 302);
    const back = await browser.fetch(done.headers.get('location')!);
    assert.ok(back.headers.get('location')!.startsWith(`${CALLBACK}?code=`));
    await server.anonymousClient.send(new InitiateAuthCommand({
      ClientId: app.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dora', PASSWORD: 'Brand-new1' },
    }));
  });
});
