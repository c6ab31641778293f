/**
 * Lifetimes and rates on a server whose clock the test moves: an authorization code is
 * redeemable for 5 minutes, the managed-login session gives single sign-on for its configured
 * lifetime, and a page's form posts count toward the per-address rate of public calls.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { Browser, CALLBACK, authorizePath, formAction, createUser, redeem, setUpOAuthPool, signInByForm, type OAuthApp } from './helpers.ts';

describe('OAuth lifetimes', () => {
  let server: TestServer;
  let app: OAuthApp;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  before(async () => {
    server = await startTestServer({ managedLoginSessionSeconds: 600, addressRateLimit: 3 }, { clock });
    app = await setUpOAuthPool(server);
    await createUser(server, app.poolId, 'tim');
  });
  after(async () => { await server?.stop(); });

  it('refuses a code after 5 minutes', async () => {
    const browser = new Browser(server.url);
    const fresh = (await signInByForm(browser, authorizePath(app.clientId), 'tim')).searchParams.get('code')!;
    const stale = (await signInByForm(browser, authorizePath(app.clientId), 'tim')).searchParams.get('code')!;
    assert.equal((await redeem(server.url, app.clientId, fresh)).status, 200);
    offset += 5 * 60_000 + 1_000;
    const res = await redeem(server.url, app.clientId, stale);
    assert.deepEqual([res.status, (await res.json() as { error: string }).error], [400, 'invalid_grant']);
  });

  it('ends single sign-on when the session\'s configured lifetime is over', async () => {
    const browser = new Browser(server.url);
    await signInByForm(browser, authorizePath(app.clientId), 'tim');
    assert.match(String(browser.cookies.get('cognito')), /\./);
    offset += 590_000;
    const within = await browser.fetch(authorizePath(app.otherClientId));
    assert.ok(within.headers.get('location')!.startsWith(`${CALLBACK}?code=`));
    offset += 20_000;
    const after = await browser.fetch(authorizePath(app.otherClientId));
    assert.match(after.headers.get('location')!, /^\/login\?/);
  });

  it('counts form posts toward the per-address rate: beyond it, 429 and no sign-in', async () => {
    offset += 5_000;
    const browser = new Browser(server.url);
    const page = await (await browser.fetch(`/login?${authorizePath(app.clientId).split('?')[1]}`)).text();
    const answers = await Promise.all(Array.from({ length: 10 }, () => browser.submit(page, formAction(page), { username: 'tim', password: 'Wrong-pass1' })));
    const limited = answers.filter((a) => a.status === 429).length;
    assert.ok(limited >= 4, `${limited} of 10 refused`);
    for (const a of answers) assert.ok(a.status === 400 || a.status === 429, String(a.status));
  });
});
