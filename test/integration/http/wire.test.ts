/** The AWS JSON 1.1 wire: dispatch, errors, CORS, caller authentication. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminCreateUserCommand, AdminGetUserCommand, CognitoIdentityProviderClient, CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const post = (server: TestServer, target: string | undefined, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': target } : {}), ...headers },
    body,
  });

describe('AWS JSON wire protocol', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('answers a signed call with the SDK, timestamps as Dates', async () => {
    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'wire' }));
    assert.match(UserPool!.Id!, /^us-east-1_[0-9a-zA-Z]{9}$/);
    assert.ok(UserPool!.CreationDate instanceof Date);
    const described = await server.client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id }));
    assert.equal(described.UserPool?.Name, 'wire');
    assert.equal(described.UserPool?.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${UserPool!.Id}`);
  });

  it('sends success headers: content type and a request id', async () => {
    const res = await post(server, 'AWSCognitoIdentityProviderService.SignUp', '{}');
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });

  it('sends a success answer with its exact type, CORS headers and every byte of a multi-byte body', async () => {
    const headers: Record<string, string>[] = [];
    const capture = (next: (args: unknown) => Promise<{ response: { headers: Record<string, string> } }>) => async (args: unknown) => {
      const out = await next(args);
      headers.push(out.response.headers);
      return out;
    };
    server.client.middlewareStack.add(capture as never, { step: 'deserialize', name: 'captureHeaders' });
    try {
      const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'wire-bytes' }));
      const name = 'Zoë Ångström 山田 🙂';
      await server.client.send(new AdminCreateUserCommand({
        UserPoolId: UserPool!.Id, Username: 'bytes', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: name }],
      }));
      const got = await server.client.send(new AdminGetUserCommand({ UserPoolId: UserPool!.Id, Username: 'bytes' }));
      assert.equal(got.UserAttributes?.find((a) => a.Name === 'name')?.Value, name);
    } finally {
      server.client.middlewareStack.remove('captureHeaders');
    }
    const last = headers.at(-1)!;
    assert.equal(last['content-type'], 'application/x-amz-json-1.1');
    assert.equal(last['access-control-allow-origin'], '*');
    assert.equal(last['access-control-expose-headers'], 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date');
    assert.equal(last['cache-control'], 'no-store');
  });

  it('reports an unknown operation as a 400, not a 500', async () => {
    const res = await post(server, 'AWSCognitoIdentityProviderService.NoSuchThing', '{}');
    assert.equal(res.status, 400);
    const body = await res.json() as { __type: string; message: string };
    assert.equal(body.__type, 'UnknownOperationException');
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException:');
  });

  it('reports a missing target and a malformed body clearly', async () => {
    assert.equal((await post(server, undefined, '{}')).status, 400);
    const res = await post(server, 'AWSCognitoIdentityProviderService.SignUp', '{"ClientId": ');
    assert.equal(res.status, 400);
    assert.equal((await res.json() as { __type: string }).__type, 'SerializationException');
    const arr = await post(server, 'AWSCognitoIdentityProviderService.SignUp', '[1,2]');
    assert.equal((await arr.json() as { __type: string }).__type, 'SerializationException');
  });

  it('validates input with Cognito wording', async () => {
    const err = await errorOf(() => server.client.send(new DescribeUserPoolCommand({ UserPoolId: 'not a pool' })));
    assert.equal(err.name, 'InvalidParameterException');
    assert.match(err.message, /^1 validation error detected: Value 'not a pool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    assert.equal(err.$metadata?.httpStatusCode, 400);
  });

  it('answers a missing pool with ResourceNotFoundException', async () => {
    const err = await errorOf(() => server.client.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nothere12' })));
    assert.equal(err.name, 'ResourceNotFoundException');
    assert.equal(err.message, 'User pool us-east-1_nothere12 does not exist.');
  });

  it('answers CORS preflights for browser clients', async () => {
    const res = await fetch(`${server.url}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control' },
    });
    assert.ok(res.status === 204 || res.status === 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /x-amz-target/);
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.equal(res.headers.get('access-control-max-age'), '86400');
    // Not a preflight: no Origin, or no Access-Control-Request-Method.
    const bare = await fetch(`${server.url}/`, { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    assert.equal(bare.status, 400);
    assert.equal(await bare.text(), 'Invalid Preflight Request');
  });

  it('refuses admin operations without a valid signature', async () => {
    const unsigned = await post(server, 'AWSCognitoIdentityProviderService.DescribeUserPool', '{"UserPoolId":"us-east-1_abc"}');
    assert.equal(unsigned.status, 400);
    assert.equal((await unsigned.json() as { __type: string }).__type, 'MissingAuthenticationTokenException');
    const err = await errorOf(() => server.anonymousClient.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_abc" })));
    assert.equal(err.name, 'UnrecognizedClientException');
    const key = server.accessKeys[0]!;
    const wrongSecret = new CognitoIdentityProviderClient({
      endpoint: server.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong' },
    });
    const bad = await errorOf(() => wrongSecret.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_abc" })));
    assert.equal(bad.name, 'InvalidSignatureException');
    wrongSecret.destroy();
  });

  it('rejects an oversized body with a 4xx', async () => {
    const res = await post(server, 'AWSCognitoIdentityProviderService.SignUp', JSON.stringify({ ClientId: 'x'.repeat(2 * 1024 * 1024) }));
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    // Refused before the route runs: a browser still reads the answer.
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  });
});

describe('development mode', () => {
  it('accepts any signature and says so', async () => {
    const server = await startTestServer({ dev: true });
    try {
      const { UserPool } = await server.anonymousClient.send(new CreateUserPoolCommand({ PoolName: 'dev' }));
      assert.ok(UserPool?.Id);
    } finally {
      await server.stop();
    }
  });
});

describe('null members', () => {
  it('reads null members and map entries as absent, as AWS does', async () => {
    const server = await startTestServer({ dev: true });
    try {
      const res = await post(server, 'AWSCognitoIdentityProviderService.CreateUserPool',
        JSON.stringify({ PoolName: 'nulls', UserPoolTags: { team: 'a', other: null }, MfaConfiguration: null }));
      assert.equal(res.status, 200);
      const { UserPool } = await res.json() as { UserPool: { UserPoolTags: Record<string, string>; MfaConfiguration: string } };
      assert.deepEqual(UserPool.UserPoolTags, { team: 'a' });
      assert.equal(UserPool.MfaConfiguration, 'OFF');
    } finally {
      await server.stop();
    }
  });
});

describe('operations not served yet', () => {
  it('says so plainly, as a 400', async () => {
    const server = await startTestServer({ dev: true });
    try {
      const res = await post(server, 'AWSCognitoIdentityProviderService.CreateUserImportJob', '{}');
      assert.equal(res.status, 400);
      const body = await res.json() as { __type: string; message: string };
      assert.equal(body.__type, 'UnknownOperationException');
      assert.match(body.message, /Alcove does not serve CreateUserImportJob yet/);
    } finally {
      await server.stop();
    }
  });
});
