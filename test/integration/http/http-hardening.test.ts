/**
 * The HTTP layer's defences: own-property dispatch, deep JSON, what a SigV4 signature must cover,
 * response headers, development mode's cross-origin admin refusal, the per-address rate of
 * unauthenticated operations and trusted proxies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminCreateUserCommand, AdminGetUserCommand, CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const TARGET = 'AWSCognitoIdentityProviderService.';

const post = (server: TestServer, target: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
    body,
  });

/** Signs a request as the SDK would, leaving out the headers named (as a forger would want). */
async function signed(server: TestServer, operation: string, body: string, o: { unsigned?: string[]; region?: string; service?: string } = {}) {
  const key = server.accessKeys[0]!;
  const url = new URL(server.url);
  const signer = new SignatureV4({
    service: o.service ?? 'cognito-idp', region: o.region ?? 'us-east-1', sha256: Sha256,
    credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
  });
  const request = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET + operation },
    body,
  }), { unsignableHeaders: new Set(o.unsigned ?? []) });
  return request.headers as Record<string, string>;
}

describe('HTTP hardening', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer({ addressRateLimit: 5 });
    poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'hardening' }))).UserPool!.Id!;
  });
  after(async () => { await server.stop(); });

  it('looks X-Amz-Target up as own properties only', async () => {
    for (const target of ['__proto__.x', 'constructor.x', '__proto__.__proto__', 'AWSCognitoIdentityProviderService.__proto__', 'toString.valueOf']) {
      const res = await post(server, target, '{}');
      assert.equal(res.status, 400, target);
      assert.equal((await res.json() as { __type: string }).__type, 'UnknownOperationException', target);
    }
  });

  it('refuses nesting deeper than the model allows, before parsing, with SerializationException', async () => {
    const depth = 100_000;
    const body = `{"J":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const started = process.hrtime.bigint();
    const res = await post(server, TARGET + 'InitiateAuth', body);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { __type: string }).__type, 'SerializationException');
    assert.ok(ms < 200, `took ${ms} ms`);
    // Brackets inside strings are text, not nesting; the deepest real inputs still pass.
    const ok = await post(server, TARGET + 'SignUp', JSON.stringify({ ClientId: 'x'.repeat(26), Username: '[[[[[[{{{{', Password: 'p', UserAttributes: [{ Name: 'email', Value: '[{[{' }] }));
    assert.notEqual((await ok.json() as { __type: string }).__type, 'SerializationException');
    const deep = await post(server, TARGET + 'SignUp', JSON.stringify({ ClientId: 'x', Username: 'u', Password: 'p', UserAttributes: [[[{ Name: 'a' }]]] }));
    assert.equal((await deep.json() as { __type: string }).__type, 'SerializationException');
  });

  it('marks every answer nosniff and API answers (tokens among them) uncacheable', async () => {
    const res = await post(server, TARGET + 'InitiateAuth', JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'nosuchclient', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } }));
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('pragma'), 'no-cache');
    for (const path of ['/health', `/${poolId}/.well-known/jwks.json`, '/nowhere']) {
      assert.equal((await fetch(server.url + path)).headers.get('x-content-type-options'), 'nosniff', path);
    }
  });

  it('requires x-amz-target, content-type and x-amz-date to be signed: a signature cannot be replayed on another operation', async () => {
    await server.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'victim', MessageAction: 'SUPPRESS' }));
    const body = JSON.stringify({ UserPoolId: poolId, Username: 'victim' });
    const headers = await signed(server, 'AdminGetUser', body, { unsigned: ['x-amz-target'] });
    assert.doesNotMatch(headers.authorization!, /x-amz-target/);
    const replayed = await post(server, TARGET + 'AdminDeleteUser', body, headers);
    assert.equal(replayed.status, 400);
    const error = await replayed.json() as { __type: string; message: string };
    assert.equal(error.__type, 'IncompleteSignatureException');
    assert.equal(error.message, "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    const still = await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'victim' }));
    assert.equal(still.Username, 'victim');

    for (const name of ['content-type', 'x-amz-date']) {
      const h = await signed(server, 'AdminGetUser', body, { unsigned: [name] });
      const res = await post(server, TARGET + 'AdminGetUser', body, h);
      assert.equal((await res.json() as { __type: string }).__type, 'IncompleteSignatureException', name);
    }
    // Signed properly, the same request is served.
    const good = await post(server, TARGET + 'AdminGetUser', body, await signed(server, 'AdminGetUser', body));
    assert.equal(good.status, 200);
  });

  it('requires the credential scope to name our service and region', async () => {
    const body = JSON.stringify({ UserPoolId: poolId, Username: 'victim' });
    const otherRegion = await post(server, TARGET + 'AdminGetUser', body, await signed(server, 'AdminGetUser', body, { region: 'eu-west-1' }));
    const e1 = await otherRegion.json() as { __type: string; message: string };
    assert.equal(e1.__type, 'InvalidSignatureException');
    assert.match(e1.message, /region/);
    const otherService = await post(server, TARGET + 'AdminGetUser', body, await signed(server, 'AdminGetUser', body, { service: 'dynamodb' }));
    const e2 = await otherService.json() as { __type: string; message: string };
    assert.equal(e2.__type, 'InvalidSignatureException');
    assert.match(e2.message, /cognito-idp/);
  });

  it('limits unauthenticated calls per client address, and ignores X-Forwarded-For from untrusted peers', async () => {
    const call = (headers: Record<string, string> = {}) => post(server, TARGET + 'SignUp', '{}', headers);
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000))); // start of a second
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call({ 'x-forwarded-for': `203.0.113.${i}` })));
    const types = await Promise.all(answers.map(async (r) => (await r.json() as { __type: string }).__type));
    const throttled = types.filter((t) => t === 'TooManyRequestsException').length;
    assert.ok(throttled >= 2, `throttled ${throttled} of 12: ${types.join(',')}`);
    assert.ok(types.includes('InvalidParameterException'));
    // Signed (admin) calls are not counted against the address.
    await server.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'victim' }));
  });
});

describe('trusted proxy', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ addressRateLimit: 3, trustedProxies: '127.0.0.1' }); });
  after(async () => { await server.stop(); });

  it("counts the forwarded client's address when the peer is a trusted proxy", async () => {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
    const types = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const res = await post(server, TARGET + 'SignUp', '{}', { 'x-forwarded-for': `198.51.100.${i}` });
      return (await res.json() as { __type: string }).__type;
    }));
    assert.deepEqual(types.filter((t) => t === 'TooManyRequestsException'), []);
  });
});

describe('development mode and browsers', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ dev: true, devAllowedOrigins: 'http://localhost:3000' }); });
  after(async () => { await server.stop(); });

  it('refuses a cross-origin admin call from an origin not allowed, so a page cannot read client secrets', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'dev' }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id, ClientName: 'c', GenerateSecret: true }));
    const body = JSON.stringify({ UserPoolId: UserPool!.Id, ClientId: UserPoolClient!.ClientId });
    const evil = await post(server, TARGET + 'DescribeUserPoolClient', body, { origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    const text = await evil.text();
    assert.equal((JSON.parse(text) as { __type: string }).__type, 'AccessDeniedException');
    assert.doesNotMatch(text, new RegExp(UserPoolClient!.ClientSecret!));

    const allowed = await post(server, TARGET + 'DescribeUserPoolClient', body, { origin: 'http://localhost:3000' });
    assert.equal(allowed.status, 200);
    // Without an Origin (SDKs, the CLI, scripts) development mode still trusts the caller.
    assert.equal((await post(server, TARGET + 'DescribeUserPoolClient', body)).status, 200);
    // Public operations stay open to every origin (a web app signs users in from anywhere).
    const signUp = await post(server, TARGET + 'SignUp', '{}', { origin: 'https://evil.example' });
    assert.equal((await signUp.json() as { __type: string }).__type, 'InvalidParameterException');
  });

  it('answers Private Network Access preflights only for allowed origins', async () => {
    const preflight = (origin: string) => fetch(`${server.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target',
        'access-control-request-private-network': 'true',
      },
    });
    const ok = await preflight('http://localhost:3000');
    assert.equal(ok.headers.get('access-control-allow-private-network'), 'true');
    const evil = await preflight('https://evil.example');
    assert.equal(evil.headers.get('access-control-allow-private-network'), null);
  });
});

describe('development mode without allowed origins', () => {
  it('refuses every cross-origin admin call', async () => {
    const server = await startTestServer({ dev: true });
    try {
      const res = await post(server, TARGET + 'ListUserPools', '{"MaxResults":1}', { origin: 'http://localhost:5173' });
      assert.equal(res.status, 403);
      assert.equal((await res.json() as { __type: string }).__type, 'AccessDeniedException');
    } finally {
      await server.stop();
    }
  });
});
