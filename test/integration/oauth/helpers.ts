/**
 * What the OAuth tests share: a pool with app clients set up for the code flow, and a tiny
 * browser without a browser (fetch with a cookie jar, no redirects followed) that signs in
 * through the managed login page's form as a person would.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TestServer } from '../../helpers/server.ts';

export const CALLBACK = 'http://localhost:3000/callback';
export const LOGOUT = 'http://localhost:3000/signed-out';
export const PASSWORD = 'Passw0rd!x';

export interface OAuthApp {
  poolId: string;
  clientId: string;
  /** A second client of the pool (single sign-on). */
  otherClientId: string;
  /** A confidential client: its secret. */
  secretClientId: string;
  secret: string;
}

export async function setUpOAuthPool(server: TestServer, name = 'oauth', urls: { callback: string; logout: string } = { callback: CALLBACK, logout: LOGOUT }): Promise<OAuthApp> {
  const { UserPool } = await server.client.send(new (await import('@aws-sdk/client-cognito-identity-provider')).CreateUserPoolCommand({
    PoolName: name, AutoVerifiedAttributes: ['email'],
    Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
  }));
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  const oauthSettings = {
    AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const, 'implicit' as const],
    AllowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    CallbackURLs: [urls.callback], LogoutURLs: [urls.logout], SupportedIdentityProviders: ['COGNITO'],
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH' as const, 'ALLOW_REFRESH_TOKEN_AUTH' as const],
  };
  const a = await server.client.send(new sdk.CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web', ...oauthSettings }));
  const b = await server.client.send(new sdk.CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'other', ...oauthSettings }));
  const c = await server.client.send(new sdk.CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'confidential', GenerateSecret: true, ...oauthSettings }));
  return {
    poolId: UserPool!.Id!, clientId: a.UserPoolClient!.ClientId!, otherClientId: b.UserPoolClient!.ClientId!,
    secretClientId: c.UserPoolClient!.ClientId!, secret: c.UserPoolClient!.ClientSecret!,
  };
}

export async function createUser(server: TestServer, poolId: string, username: string, email = `${username}@example.com`): Promise<void> {
  const sdk = await import('@aws-sdk/client-cognito-identity-provider');
  await server.client.send(new sdk.AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  }));
  await server.client.send(new sdk.AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const unescape = (text: string) => text.replace(/&(lt|gt|amp|#39|quot);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', '#39': "'", quot: '"' })[e]!);

/** fetch with a cookie jar; redirects are returned, not followed. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Posts a page's form: its hidden fields (`_csrf` among them) read from the page's HTML, the fields given. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<Response> {
    const hidden: Record<string, string> = {};
    for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[unescape(m[1]!)] = unescape(m[2]!);
    return this.fetch(action.replace(/&amp;/g, '&'), {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...hidden, ...fields }).toString(),
    });
  }
}

export const formAction = (html: string): string => /<form method="post" action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');

export function authorizePath(clientId: string, extra: Record<string, string> = {}): string {
  return `/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, ...extra })}`;
}

/**
 * Signs in through /oauth2/authorize → /login (form) → /oauth2/authorize → the callback; returns
 * the callback URL the browser is sent to.
 */
export async function signInByForm(browser: Browser, authorize: string, username: string, password = PASSWORD): Promise<URL> {
  const first = await browser.fetch(authorize);
  if (first.status !== 302) throw new Error(`authorize answered ${first.status}: ${await first.text()}`);
  let location = first.headers.get('location')!;
  if (location.startsWith('/login')) {
    const page = await (await browser.fetch(location)).text();
    const posted = await browser.submit(page, formAction(page), { username, password });
    if (posted.status !== 302) throw new Error(`sign-in answered ${posted.status}: ${await posted.text()}`);
    const back = await browser.fetch(posted.headers.get('location')!);
    if (back.status !== 302) throw new Error(`authorize after sign-in answered ${back.status}`);
    location = back.headers.get('location')!;
  }
  return new URL(location);
}

/** Exchanges a code at /oauth2/token (a public client unless `secret`). */
export async function redeem(base: string, clientId: string, code: string, extra: Record<string, string> = {}, secret?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (secret) headers.authorization = `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
  return fetch(`${base}/oauth2/token`, {
    method: 'POST', headers,
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK, ...(secret ? {} : { client_id: clientId }), ...extra }).toString(),
  });
}
