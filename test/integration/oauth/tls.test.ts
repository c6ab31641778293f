/**
 * TLS: `tls: self-signed` makes a development certificate (kept in the data directory) that a
 * client trusting it verifies, and the managed login's session cookie is then `Secure`;
 * `tlsCert` / `tlsKey` serve a given certificate.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { makeSelfSignedCertificate } from '../../../src/server/tls.ts';
import { startTestServer, startTlsTestServer, type TestServer } from '../../helpers/server.ts';
import { CALLBACK, PASSWORD, authorizePath, createUser, setUpOAuthPool, type OAuthApp } from './helpers.ts';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** An HTTPS request that trusts only `ca`. */
function get(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca, servername: 'localhost' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('TLS', () => {
  let server: TestServer;
  let app: OAuthApp;
  let ca: string;
  before(async () => {
    const started = await startTlsTestServer();
    server = started;
    ca = started.ca;
    app = await setUpOAuthPool(server);
    await createUser(server, app.poolId, 'tess');
  });
  after(async () => { await server?.stop(); });

  it('serves HTTPS with a self-signed certificate for localhost and the loopback addresses', async () => {
    assert.match(server.url, /^https:/);
    const x509 = new X509Certificate(ca);
    assert.ok(x509.checkHost('localhost') && x509.checkIP('127.0.0.1') && x509.checkIP('::1'));
    assert.ok(x509.verify(x509.publicKey));
    const health = await get(`${server.url}/health`, ca);
    assert.equal(health.status, 200);
    const discovery = JSON.parse((await get(`${server.url}/${app.poolId}/.well-known/openid-configuration`, ca)).body) as Record<string, string>;
    assert.match(discovery.token_endpoint!, /^https:\/\/127\.0\.0\.1:\d+\/oauth2\/token$/);
    // An untrusting client refuses it.
    await assert.rejects(get(`${server.url}/health`, makeSelfSignedCertificate(['localhost']).cert));
  });

  it('sets the session cookie Secure over TLS', async () => {
    const first = await get(`${server.url}/login?${authorizePath(app.clientId).split('?')[1]}`, ca);
    const csrfCookie = String(first.headers['set-cookie']).split(';')[0]!;
    assert.match(String(first.headers['set-cookie']), /Secure/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(first.body)![1]!;
    const action = /<form method="post" action="([^"]+)"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const posted = await get(`${server.url}${action}`, ca, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ _csrf: csrf, username: 'tess', password: PASSWORD }).toString(),
    });
    assert.equal(posted.status, 302);
    const session = (posted.headers['set-cookie'] as string[]).find((c) => c.startsWith('cognito='))!;
    assert.match(session, /; HttpOnly/);
    assert.match(session, /; Secure/);
    assert.match(session, /; SameSite=Lax/);
    const back = await get(`${server.url}${posted.headers.location}`, ca, { headers: { cookie: session.split(';')[0]! } });
    assert.ok(String(back.headers.location).startsWith(`${CALLBACK}?code=`));
  });

  it('serves the certificate given by tlsCert and tlsKey', async () => {
    const made = makeSelfSignedCertificate(['localhost', '127.0.0.1']);
    const certFile = path.join(server.dataDir, 'given.crt');
    const keyFile = path.join(server.dataDir, 'given.key');
    writeFileSync(certFile, made.cert);
    writeFileSync(keyFile, made.key);
    const other = await startTestServer({ tlsCert: certFile, tlsKey: keyFile });
    try {
      assert.equal((await get(`${other.url}/health`, made.cert)).status, 200);
    } finally {
      await other.stop();
    }
  });
});
