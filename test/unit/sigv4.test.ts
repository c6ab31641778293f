/**
 * The verifier is checked against the real signer: requests are signed by `@smithy/signature-v4`
 * (and by the Cognito SDK client itself, captured before it hits the network), then verified.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest, escapeUri } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { CognitoError } from '../../src/errors.ts';
import {
  parseSigV4,
  signingKeyCacheSize,
  verifySigV4,
  verifySigV4Async,
  type SigV4Credential,
  type SigV4Request,
} from '../../src/server/sigv4.ts';

const AKID = 'AKIAALCOVETEST000001';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ACCOUNT = '123456789012';
const NOW = new Date('2026-11-27T10:00:00Z');

const keys = new Map<string, SigV4Credential>([
  [AKID, { secretAccessKey: SECRET, accountId: ACCOUNT }],
  ['ASIATEMPORARY0000001', { secretAccessKey: 'temp-secret', accountId: ACCOUNT, sessionToken: 'session-token-1' }],
]);
const lookup = (id: string) => keys.get(id);
const opts = { now: NOW, expectedService: 'cognito-idp' };

interface SignInput {
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  secret?: string;
  accessKeyId?: string;
  sessionToken?: string;
  service?: string;
  region?: string;
  date?: Date;
  applyChecksum?: boolean;
}

/** Wire form of a query, as the SDK's node handler writes it. */
const wireQuery = (query: Record<string, string | string[]>): string =>
  Object.keys(query)
    .sort()
    .flatMap((k) => [query[k]!].flat().map((v) => `${escapeUri(k)}=${escapeUri(v)}`))
    .join('&');

/** Signs like the SDK does and returns what our server would receive. */
async function sign(input: SignInput = {}): Promise<SigV4Request> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: input.accessKeyId ?? AKID,
      secretAccessKey: input.secret ?? SECRET,
      ...(input.sessionToken === undefined ? {} : { sessionToken: input.sessionToken }),
    },
    region: input.region ?? 'us-east-1',
    service: input.service ?? 'cognito-idp',
    sha256: Sha256,
    ...(input.applyChecksum === undefined ? {} : { applyChecksum: input.applyChecksum }),
  });
  const body = input.body ?? '{"UserPoolId":"us-east-1_abc"}';
  const query = input.query ?? {};
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port: 9229,
      path: input.path ?? '/',
      query,
      headers: {
        host: 'localhost:9229',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers',
        ...input.headers,
      },
      body,
    }),
    { signingDate: input.date ?? NOW },
  );
  const qs = wireQuery(query);
  return {
    method: signed.method,
    path: (input.path ?? '/') + (qs ? `?${qs}` : ''),
    headers: signed.headers,
    body: Buffer.from(body),
  };
}

function expectError(fn: () => unknown, type: string, message?: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CognitoError, `expected CognitoError, got ${String(e)}`);
    assert.equal(e.type, type, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

const withHeaders = (req: SigV4Request, headers: Record<string, string | undefined>): SigV4Request => ({
  ...req,
  headers: { ...req.headers, ...headers },
});

describe('SigV4 verification: accepted requests', () => {
  it('accepts a request signed by the Cognito SDK client itself', async () => {
    let captured: SigV4Request | undefined;
    const client = new CognitoIdentityProviderClient({
      region: 'eu-west-1',
      endpoint: 'http://localhost:9229',
      credentials: { accessKeyId: AKID, secretAccessKey: SECRET },
      maxAttempts: 1,
      requestHandler: {
        handle: async (req: HttpRequest) => {
          const qs = wireQuery((req.query ?? {}) as Record<string, string>);
          captured = { method: req.method, path: req.path + (qs ? `?${qs}` : ''), headers: req.headers, body: Buffer.from(req.body as Uint8Array) };
          throw new Error('captured');
        },
      },
    });
    await assert.rejects(client.send(new ListUsersCommand({ UserPoolId: 'eu-west-1_abc', Filter: 'email ^= "a"' })), /captured/);
    assert.ok(captured);
    const identity = verifySigV4(captured, lookup, { now: new Date(), expectedService: 'cognito-idp' });
    assert.equal(identity.accessKeyId, AKID);
    assert.equal(identity.accountId, ACCOUNT);
    assert.equal(identity.region, 'eu-west-1');
    assert.equal(identity.service, 'cognito-idp');
    assert.equal(identity.sessionToken, undefined);
  });

  it('accepts a request signed with temporary credentials and their session token', async () => {
    const req = await sign({ accessKeyId: 'ASIATEMPORARY0000001', secret: 'temp-secret', sessionToken: 'session-token-1' });
    const identity = verifySigV4(req, lookup, opts);
    assert.equal(identity.sessionToken, 'session-token-1');
    assert.equal(identity.signedAt.toISOString(), NOW.toISOString());
  });

  it('accepts bodies without x-amz-content-sha256 (hashing the body itself)', async () => {
    const req = await sign({ applyChecksum: false });
    assert.equal(req.headers['x-amz-content-sha256'], undefined);
    assert.equal(verifySigV4(req, lookup, opts).accessKeyId, AKID);
  });

  it('canonicalises odd paths, repeated and escaped query values, and messy header whitespace', async () => {
    const req = await sign({
      path: '/some%20path/./a/../b%2Fc/',
      query: { z: 'last', a: ['2', '1 0', "x!'()*"], 'ümlaut key': 'ä/ö', empty: '' },
      headers: { 'x-custom': '  many   spaces\tand\ttabs  ', 'X-Mixed-Case': 'Value' },
    });
    assert.equal(verifySigV4(req, lookup, opts).accessKeyId, AKID);
  });

  it('accepts a mixed-case header map and a string body', async () => {
    const req = await sign();
    const upper = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toUpperCase(), v]));
    const body = Buffer.from(req.body).toString('utf8');
    assert.equal(verifySigV4({ ...req, headers: upper, body }, lookup, opts).accessKeyId, AKID);
  });

  it('supports an asynchronous secret lookup', async () => {
    const req = await sign();
    const identity = await verifySigV4Async(req, async (id) => keys.get(id), opts);
    assert.equal(identity.accountId, ACCOUNT);
    await assert.rejects(
      verifySigV4Async(req, async () => undefined, opts),
      (e: unknown) => e instanceof CognitoError && e.type === 'UnrecognizedClientException',
    );
  });

  it('verifies any random path, query and body the SDK signer can produce', async () => {
    const segment = fc.string({ unit: 'grapheme', maxLength: 8 }).map(escapeUri);
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 6 }), { maxKeys: 4 }),
        fc.string({ unit: 'grapheme', maxLength: 64 }),
        fc.stringMatching(/^[\x20-\x7e\t]{0,20}$/),
        async (segments, query, body, headerValue) => {
          const req = await sign({ path: `/${segments.join('/')}`, query, body, headers: { 'x-random': headerValue } });
          assert.equal(verifySigV4(req, lookup, opts).accessKeyId, AKID);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('SigV4 verification: rejected requests', () => {
  it('no Authorization header → MissingAuthenticationTokenException', async () => {
    const req = withHeaders(await sign(), { authorization: undefined });
    expectError(() => verifySigV4(req, lookup, opts), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  it('tampered body → InvalidSignatureException (declared hash no longer matches)', async () => {
    const req = { ...(await sign()), body: Buffer.from('{"UserPoolId":"us-east-1_evil"}') };
    expectError(() => verifySigV4(req, lookup, opts), 'InvalidSignatureException', /x-amz-content-sha256/);
  });

  it('tampered body without a declared hash → signature mismatch', async () => {
    const req = { ...(await sign({ applyChecksum: false })), body: Buffer.from('{}') };
    expectError(() => verifySigV4(req, lookup, opts), 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });

  it('tampered body with a recomputed x-amz-content-sha256 → signature mismatch', async () => {
    const signed = await sign();
    const body = Buffer.from('{"UserPoolId":"us-east-1_evil"}');
    const { createHash } = await import('node:crypto');
    const req = withHeaders({ ...signed, body }, { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') });
    expectError(() => verifySigV4(req, lookup, opts), 'InvalidSignatureException', /^The request signature we calculated/);
  });

  it('tampered signed header or path → signature mismatch', async () => {
    const signed = await sign();
    const target = withHeaders(signed, { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser' });
    expectError(() => verifySigV4(target, lookup, opts), 'InvalidSignatureException');
    expectError(() => verifySigV4({ ...signed, path: '/other' }, lookup, opts), 'InvalidSignatureException');
    expectError(() => verifySigV4({ ...signed, method: 'PUT' }, lookup, opts), 'InvalidSignatureException');
  });

  it('wrong secret → InvalidSignatureException with the AWS message', async () => {
    const req = await sign({ secret: 'not-the-secret' });
    expectError(
      () => verifySigV4(req, lookup, opts),
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  });

  it('unknown access key → UnrecognizedClientException', async () => {
    const req = await sign({ accessKeyId: 'AKIAUNKNOWN000000000' });
    expectError(() => verifySigV4(req, lookup, opts), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  it('session token missing, wrong, or sent with a long-term key → UnrecognizedClientException', async () => {
    const temp = { accessKeyId: 'ASIATEMPORARY0000001', secret: 'temp-secret' };
    const missing = await sign(temp);
    expectError(() => verifySigV4(missing, lookup, opts), 'UnrecognizedClientException');
    const wrong = await sign({ ...temp, sessionToken: 'other-token' });
    expectError(() => verifySigV4(wrong, lookup, opts), 'UnrecognizedClientException');
    const extra = await sign({ sessionToken: 'stray' });
    expectError(() => verifySigV4(extra, lookup, opts), 'UnrecognizedClientException');
  });

  it('signed too long ago or too far ahead → InvalidSignatureException', async () => {
    const old = await sign({ date: new Date(NOW.getTime() - 16 * 60_000) });
    expectError(
      () => verifySigV4(old, lookup, opts),
      'InvalidSignatureException',
      'Signature expired: 20261127T094400Z is now earlier than 20261127T094500Z (20261127T100000Z - 15 min.)',
    );
    const ahead = await sign({ date: new Date(NOW.getTime() + 16 * 60_000) });
    expectError(() => verifySigV4(ahead, lookup, opts), 'InvalidSignatureException', /^Signature not yet current: 20261127T101600Z/);
    const slightlyOff = await sign({ date: new Date(NOW.getTime() - 14 * 60_000) });
    assert.equal(verifySigV4(slightlyOff, lookup, opts).accessKeyId, AKID);
    expectError(() => verifySigV4(slightlyOff, lookup, { ...opts, maxSkewMs: 5 * 60_000 }), 'InvalidSignatureException', /- 5 min\.\)$/);
  });

  it('x-amz-date changed after signing → scope mismatch or signature mismatch', async () => {
    const req = await sign();
    const nextDay = withHeaders(req, { 'x-amz-date': '20261128T000000Z' });
    expectError(() => verifySigV4(nextDay, lookup, { ...opts, now: new Date('2026-11-28T00:00:00Z') }), 'InvalidSignatureException', /^Date in Credential scope/);
    const laterSameDay = withHeaders(req, { 'x-amz-date': '20261127T100100Z' });
    expectError(() => verifySigV4(laterSameDay, lookup, opts), 'InvalidSignatureException', /^The request signature/);
    expectError(() => verifySigV4(withHeaders(req, { 'x-amz-date': '20261327T100000Z' }), lookup, opts), 'IncompleteSignatureException');
  });

  it('credential scoped to another service or region → InvalidSignatureException', async () => {
    const req = await sign({ service: 'sts' });
    expectError(() => verifySigV4(req, lookup, opts), 'InvalidSignatureException', "Credential should be scoped to correct service: 'cognito-idp'. ");
    const eu = await sign({ region: 'eu-west-1' });
    expectError(() => verifySigV4(eu, lookup, { ...opts, expectedRegion: 'us-east-1' }), 'InvalidSignatureException', /valid region/);
  });

  it('requiredSignedHeaders: a header left out of SignedHeaders → IncompleteSignatureException, before any secret', async () => {
    const required = { ...opts, requiredSignedHeaders: ['x-amz-date', 'x-amz-target', 'content-type'] };
    assert.equal(verifySigV4(await sign(), lookup, required).accessKeyId, AKID);
    const req = await sign();
    const auth = String(req.headers['authorization']);
    for (const [name, shown] of [['x-amz-target', 'X-Amz-Target'], ['content-type', 'Content-Type'], ['x-amz-date', 'X-Amz-Date']]) {
      const without = auth.replace(/SignedHeaders=(\S+?),/, (_, list: string) => `SignedHeaders=${list.split(';').filter((h) => h !== name).join(';')},`);
      assert.notEqual(without, auth);
      expectError(() => parseSigV4(withHeaders(req, { authorization: without }), required), 'IncompleteSignatureException',
        `'${shown}' must be a 'SignedHeader' in the AWS Authorization.`);
    }
  });

  it('UNSIGNED-PAYLOAD is refused unless explicitly allowed', async () => {
    const req = await sign({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expectError(() => verifySigV4(req, lookup, opts), 'InvalidSignatureException', /UNSIGNED-PAYLOAD/);
    assert.equal(verifySigV4(req, lookup, { ...opts, allowUnsignedPayload: true }).accessKeyId, AKID);
  });

  it('malformed Authorization headers → IncompleteSignatureException', async () => {
    const req = await sign();
    const auth = String(req.headers['authorization']);
    const cases: [string, RegExp][] = [
      ['Bearer eyJhbGciOiJSUzI1NiJ9.secret.sig', /^Unsupported AWS 'algorithm': 'Bearer'/],
      ['AWS4-HMAC-SHA256', /requires 'Credential' parameter\. .*'Signature' parameter\. .*'SignedHeaders' parameter\./],
      [auth.replace(/Signature=[0-9a-f]+/, ''), /^Authorization header requires 'Signature' parameter\.$/],
      [auth.replace(`Credential=${AKID}`, `Credential=${AKID} `), /not a valid key=value pair \(missing equal-sign\)/],
      [auth.replace('/aws4_request', ''), /Credential is malformed/],
      [auth.replace('/aws4_request', '/aws5_request'), /valid terminator: 'aws4_request', not 'aws5_request'/],
      [auth.replace(/SignedHeaders=\S+/, 'SignedHeaders=content-type;x-amz-date,'), /'Host' or ':authority' must be a 'SignedHeader'/],
    ];
    for (const [header, message] of cases) {
      expectError(() => verifySigV4(withHeaders(req, { authorization: header }), lookup, opts), 'IncompleteSignatureException', message);
    }
    const noDate = withHeaders(req, { 'x-amz-date': undefined });
    expectError(() => verifySigV4(noDate, lookup, opts), 'IncompleteSignatureException', /'X-Amz-Date' or a 'Date' header/);
  });

  it('an impossible X-Amz-Date (month 13, day 32, hour 24, a two-digit year) → IncompleteSignatureException', async () => {
    const req = await sign();
    for (const date of ['20261327T100000Z', '20261132T100000Z', '20261127T240000Z', '20261127T106000Z', '00991127T100000Z', '20260230T100000Z']) {
      expectError(() => parseSigV4(withHeaders(req, { 'x-amz-date': date }), opts), 'IncompleteSignatureException', /ISO8601 Long Format/);
    }
    assert.equal(parseSigV4(withHeaders(req, { 'x-amz-date': '20261127T235959Z' }), { ...opts, maxSkewMs: 86_400_000 }).amzDate, '20261127T235959Z');
  });

  it('parseSigV4 reads the scope without needing a secret', async () => {
    const parsed = parseSigV4(await sign({ region: 'ap-south-1' }), opts);
    assert.equal(parsed.accessKeyId, AKID);
    assert.equal(parsed.region, 'ap-south-1');
    assert.equal(parsed.amzDate, '20261127T100000Z');
    assert.ok(parsed.signedHeaders.includes('host'));
  });

  it('keeps the signing-key cache bounded', async () => {
    const many = new Map<string, SigV4Credential>();
    for (let i = 0; i < 300; i++) many.set(`AKIACACHE${i}`, { secretAccessKey: `secret-${i}`, accountId: ACCOUNT });
    for (let i = 0; i < 300; i++) {
      const req = await sign({ accessKeyId: `AKIACACHE${i}`, secret: `secret-${i}` });
      verifySigV4(req, (id) => many.get(id), opts);
    }
    assert.ok(signingKeyCacheSize() <= 256, `cache size ${signingKeyCacheSize()}`);
  });

  it('never throws anything but a CognitoError for garbage Authorization headers', async () => {
    const base = await sign();
    const fragment = fc.oneof(
      fc.string(),
      fc.constantFrom('AWS4-HMAC-SHA256', 'Credential=', 'SignedHeaders=', 'Signature=', '/', ',', ' ', ';', '=', 'aws4_request', 'host'),
      fc.stringMatching(/^[0-9a-f]{0,70}$/),
    );
    const header = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.array(fragment, { maxLength: 6 }).map((parts) => `AWS4-HMAC-SHA256 Credential=${parts.join('/')}, SignedHeaders=${parts.join(';')}, Signature=${parts.join('')}`),
    );
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    fc.assert(
      fc.property(
        header,
        maybe(fc.oneof(fc.string(), fc.constant('20261127T100000Z'))),
        maybe(fc.string()),
        fc.oneof(fc.constant('/'), fc.string({ unit: 'binary' })),
        fc.uint8Array({ maxLength: 32 }),
        (authorization, amzDate, contentSha, path, body) => {
          const req: SigV4Request = {
            method: 'POST',
            path,
            body,
            headers: { ...base.headers, authorization, 'x-amz-date': amzDate, 'x-amz-content-sha256': contentSha },
          };
          try {
            verifySigV4(req, lookup, opts);
            return false; // a random header must never authenticate
          } catch (e) {
            return e instanceof CognitoError;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

