/** `POST /` routes by surface: X-Amz-Target to AWS JSON, a form body or `Action=` to AWS Query. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const form = (server: TestServer, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, body });

describe('surfaces', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('answers an AWS Query action it does not serve with an XML InvalidAction, 400', async () => {
    const res = await form(server, 'Action=AssumeRole&Version=2011-06-15&RoleArn=x');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'text/xml');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const text = await res.text();
    assert.match(text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    assert.match(text, /<Message>Could not find operation AssumeRole for version 2011-06-15<\/Message>/);
    assert.match(text, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
  });

  it('escapes what the caller sent, and names a missing action', async () => {
    const res = await form(server, `Action=${encodeURIComponent('<x>&')}&Version=1`);
    assert.match(await res.text(), /Could not find operation &lt;x&gt;&amp; for version 1/);
    const missing = await form(server, 'Version=2011-06-15');
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /<Code>MissingAction<\/Code>/);
  });

  it('routes an Action in the query string to AWS Query', async () => {
    const res = await fetch(`${server.url}/?Action=GetCallerIdentity&Version=2011-06-15`, { method: 'POST' });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/);
  });

  it('keeps a form body with X-Amz-Target on AWS JSON', async () => {
    const res = await form(server, 'Action=x', { 'x-amz-target': 'AWSCognitoIdentityProviderService.NoSuchThing' });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { __type: string }).__type, 'UnknownOperationException');
  });

  it('answers an oversized AWS Query body in XML', async () => {
    const res = await form(server, `Action=x&Pad=${'a'.repeat(2 * 1024 * 1024)}`);
    assert.equal(res.status, 413);
    assert.match(await res.text(), /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('lets any origin read the well-known documents', async () => {
    const res = await fetch(`${server.url}/us-east-1_nothere12/.well-known/jwks.json`, { headers: { origin: 'http://app.example' } });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });
});
