/**
 * The verifier for resource servers: requests signed by @smithy/signature-v4 with issued
 * credentials, allowed or denied by POST /alcove/verify (through the AlcoveVerifier library)
 * according to the role's policies: the per-user prefix, session policies, principal tags,
 * Cognito's guest scope-down; expired, tampered and revoked credentials refused.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createRole, deleteRole, deleteRolePolicy, putRolePolicy } from '../../../src/iam/role-operations.ts';
import { AlcoveVerifier } from '../../../src/sdk/verifier.ts';
import { issueRoleCredentials, type IssuedRoleCredentials } from '../../../src/sts/credentials.ts';
import { revokeAccessKey, revokeRoleSessions } from '../../../src/sts/sessions.ts';
import { testClock } from '../../helpers/auth-flows.ts';
import { ALCOVE } from '../../helpers/cli.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const POOL = 'us-east-1:0c0c0c0c-1111-2222-3333-444444444444';
const SUB_A = 'us-east-1:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa';
const SUB_B = 'us-east-1:bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb';
const HOST = 'files.example:8080';
const exec = promisify(execFile);
/** The same secret with its last character changed (to one it certainly is not). */
const tamper = (secret: string) => `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;

describe('the verifier (POST /alcove/verify)', () => {
  let server: TestServer;
  let verifier: AlcoveVerifier;
  const clock = testClock();
  let roleArn: string;
  const roleName = `Files${Date.now().toString(36)}`;

  before(async () => {
    server = await startTestServer({}, { clock });
    verifier = new AlcoveVerifier({ endpoint: server.url });
    const trust = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
        Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL } },
      }],
    };
    roleArn = (await createRole(server.services, { roleName, assumeRolePolicyDocument: JSON.stringify(trust) })).arn;
    await putRolePolicy(server.services, roleName, 'own-prefix', JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: 'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/*' },
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::files', Condition: { StringLike: { 's3:prefix': '${cognito-identity.amazonaws.com:sub}/*' } } },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::teams/${aws:PrincipalTag/team}/*' },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    }));
  });
  after(() => server.stop());

  const issue = (subject: string, extra: Partial<Parameters<typeof issueRoleCredentials>[1]> = {}) => issueRoleCredentials(server.services, {
    roleArn, roleSessionName: 'CognitoIdentityCredentials',
    webIdentity: { issuer: 'https://cognito-identity.amazonaws.com', provider: 'cognito-identity.amazonaws.com', subject, audience: POOL, amr: ['authenticated'], claims: {} },
    ...extra,
  });

  function signer(c: IssuedRoleCredentials, secret = c.credentials.secretAccessKey) {
    return new SignatureV4({
      service: 's3', region: 'us-east-1', sha256: Sha256,
      credentials: { accessKeyId: c.credentials.accessKeyId, secretAccessKey: secret, sessionToken: c.credentials.sessionToken },
    });
  }
  async function signed(c: IssuedRoleCredentials, method: string, path: string, options: { secret?: string; body?: string; query?: Record<string, string> } = {}) {
    const request = ({
      method, protocol: 'http:', hostname: 'files.example', port: 8080, path, query: options.query ?? {},
      headers: { host: HOST, ...(options.body !== undefined ? { 'content-type': 'text/plain' } : {}) },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const out = await signer(c, options.secret).sign(request, { signingDate: new Date(clock.now()) });
    const q = new URLSearchParams(out.query as Record<string, string>).toString();
    return { method, url: `${path}${q ? `?${q}` : ''}`, headers: out.headers, ...(options.body !== undefined ? { body: options.body } : {}) };
  }
  const object = (key: string) => `arn:aws:s3:::files/${key}`;

  it('names the caller and lets each user touch only their own prefix', async () => {
    const a = await issue(SUB_A);
    const own = await verifier.verify(await signed(a, 'PUT', `/files/${SUB_A}/notes.txt`, { body: 'hello' }),
      { action: 's3:PutObject', resource: object(`${SUB_A}/notes.txt`) });
    assert.equal(own.authenticated, true);
    assert.equal(own.allowed, true);
    assert.ok(own.authenticated);
    assert.equal(own.caller.subject, SUB_A);
    assert.equal(own.caller.roleArn, roleArn);
    assert.equal(own.caller.arn, `arn:aws:sts::000000000000:assumed-role/${roleName}/CognitoIdentityCredentials`);
    assert.equal(own.caller.provider, 'cognito-identity.amazonaws.com');

    const other = await verifier.verify(await signed(a, 'GET', `/files/${SUB_B}/notes.txt`), { action: 's3:GetObject', resource: object(`${SUB_B}/notes.txt`) });
    assert.equal(other.authenticated, true);
    assert.equal(other.allowed, false);
    const b = await issue(SUB_B);
    const bOwn = await verifier.verify(await signed(b, 'GET', `/files/${SUB_B}/notes.txt`), { action: 's3:GetObject', resource: object(`${SUB_B}/notes.txt`) });
    assert.equal(bOwn.allowed, true);

    assert.equal((await verifier.verify(await signed(a, 'GET', '/files', { query: { prefix: `${SUB_A}/x` } }), { action: 's3:ListBucket', resource: 'arn:aws:s3:::files', context: { 's3:prefix': `${SUB_A}/x` } })).allowed, true);
    assert.equal((await verifier.verify(await signed(a, 'GET', '/files', { query: { prefix: `${SUB_B}/x` } }), { action: 's3:ListBucket', resource: 'arn:aws:s3:::files', context: { 's3:prefix': `${SUB_B}/x` } })).allowed, false);

    // Deny wins: deleting over plain HTTP.
    const del = await signed(a, 'DELETE', `/files/${SUB_A}/notes.txt`);
    assert.equal((await verifier.verify(del, { action: 's3:DeleteObject', resource: object(`${SUB_A}/notes.txt`), context: { 'aws:SecureTransport': 'true' } })).allowed, true);
    const denied = await verifier.verify(del, { action: 's3:DeleteObject', resource: object(`${SUB_A}/notes.txt`), context: { 'aws:SecureTransport': 'false' } });
    assert.ok(denied.authenticated && denied.decision === 'Deny');
  });

  it('verifies presigned URLs, until they expire', async () => {
    const a = await issue(SUB_A);
    const request = ({ method: 'GET', protocol: 'http:', hostname: 'files.example', port: 8080, path: `/files/${SUB_A}/photo.jpg`, headers: { host: HOST } });
    const presigned = await signer(a).presign(request, { signingDate: new Date(clock.now()), expiresIn: 300 });
    const url = `${presigned.path}?${new URLSearchParams(presigned.query as Record<string, string>).toString()}`;
    const ok = await verifier.verify({ method: 'GET', url, headers: { host: HOST } }, { action: 's3:GetObject', resource: object(`${SUB_A}/photo.jpg`) });
    assert.equal(ok.allowed, true);
    assert.ok(ok.authenticated && ok.caller.presigned);
    const moved = await verifier.verify({ method: 'GET', url: url.replace('photo.jpg', 'other.jpg'), headers: { host: HOST } });
    assert.ok(!moved.authenticated && moved.error.code === 'SignatureDoesNotMatch');
    clock.advance(301_000);
    const late = await verifier.verify({ method: 'GET', url, headers: { host: HOST } });
    assert.equal(late.authenticated, false);
    clock.advance(-301_000);
  });

  it('narrows the role by the session policy, reads principal tags, and bounds guests by the scope-down', async () => {
    const readOnly = await issue(SUB_A, { sessionPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }) });
    assert.equal((await verifier.verify(await signed(readOnly, 'GET', `/files/${SUB_A}/a`), { action: 's3:GetObject', resource: object(`${SUB_A}/a`) })).allowed, true);
    assert.equal((await verifier.verify(await signed(readOnly, 'PUT', `/files/${SUB_A}/a`, { body: 'x' }), { action: 's3:PutObject', resource: object(`${SUB_A}/a`) })).allowed, false);

    const tagged = await issue(SUB_A, { principalTags: { team: 'blue' } });
    assert.equal((await verifier.verify(await signed(tagged, 'GET', '/teams/blue/plan'), { action: 's3:GetObject', resource: 'arn:aws:s3:::teams/blue/plan' })).allowed, true);
    assert.equal((await verifier.verify(await signed(tagged, 'GET', '/teams/red/plan'), { action: 's3:GetObject', resource: 'arn:aws:s3:::teams/red/plan' })).allowed, false);
    const untagged = await issue(SUB_A);
    assert.equal((await verifier.verify(await signed(untagged, 'GET', '/teams/blue/plan'), { action: 's3:GetObject', resource: 'arn:aws:s3:::teams/blue/plan' })).allowed, false);

    const guest = await issue(SUB_A, { guestScopeDown: true });
    assert.equal((await verifier.verify(await signed(guest, 'GET', `/files/${SUB_A}/a`), { action: 's3:GetObject', resource: object(`${SUB_A}/a`) })).allowed, false);
  });

  it('refuses tampered, expired and revoked credentials', async () => {
    const a = await issue(SUB_A, { durationSeconds: 900 });
    const ask = { action: 's3:GetObject', resource: object(`${SUB_A}/a`) };
    assert.equal((await verifier.verify(await signed(a, 'GET', `/files/${SUB_A}/a`), ask)).allowed, true);

    const tampered = await verifier.verify(await signed(a, 'GET', `/files/${SUB_A}/a`, { secret: tamper(a.credentials.secretAccessKey) }), ask);
    assert.ok(!tampered.authenticated && tampered.error.code === 'SignatureDoesNotMatch');
    const req = await signed(a, 'GET', `/files/${SUB_A}/a`);
    const wrongToken = await verifier.verify({ ...req, headers: { ...req.headers, 'x-amz-security-token': 'IQoJforged' } }, ask);
    assert.ok(!wrongToken.authenticated && wrongToken.error.code === 'InvalidClientTokenId');
    const bodyChanged = await signed(a, 'PUT', `/files/${SUB_A}/a`, { body: 'one' });
    const swapped = await verifier.verify({ ...bodyChanged, body: 'two' }, { action: 's3:PutObject', resource: object(`${SUB_A}/a`) });
    assert.equal(swapped.authenticated, false);

    clock.advance(901_000);
    const expired = await verifier.verify(await signed(a, 'GET', `/files/${SUB_A}/a`), ask);
    assert.ok(!expired.authenticated && expired.error.code === 'ExpiredToken');
    // STS says the same to GetCallerIdentity signed with them (the SDK signing at the server's time).
    const late = new STSClient({
      endpoint: server.url, region: 'us-east-1', maxAttempts: 1, systemClockOffset: clock.now() - Date.now(),
      credentials: { accessKeyId: a.credentials.accessKeyId, secretAccessKey: a.credentials.secretAccessKey, sessionToken: a.credentials.sessionToken },
    });
    const stsExpired = await errorOf(() => late.send(new GetCallerIdentityCommand({})));
    assert.equal(stsExpired.name, 'ExpiredToken');
    late.destroy();
    clock.advance(-901_000);

    const b = await issue(SUB_A);
    assert.equal(await revokeAccessKey(server.services, b.credentials.accessKeyId), true);
    assert.equal(await revokeAccessKey(server.services, b.credentials.accessKeyId), false);
    const revoked = await verifier.verify(await signed(b, 'GET', `/files/${SUB_A}/a`), ask);
    assert.ok(!revoked.authenticated && revoked.error.code === 'InvalidClientTokenId');

    const c = await issue(SUB_A);
    clock.advance(1);
    assert.ok(await revokeRoleSessions(server.services, roleArn, 'CognitoIdentityCredentials') >= 1);
    clock.advance(1);
    assert.equal((await verifier.verify(await signed(c, 'GET', `/files/${SUB_A}/a`), ask)).authenticated, false);
    const after = await issue(SUB_A);
    assert.equal((await verifier.verify(await signed(after, 'GET', `/files/${SUB_A}/a`), ask)).allowed, true);
  });

  it('allows nothing once the role is deleted', async () => {
    const name = `Gone${Date.now().toString(36)}`;
    const trust = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] });
    const gone = await createRole(server.services, { roleName: name, assumeRolePolicyDocument: trust });
    await putRolePolicy(server.services, name, 'all', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }));
    const c = await issueRoleCredentials(server.services, { roleArn: gone.arn, roleSessionName: 'sess', webIdentity: { issuer: 'x', provider: 'cognito-identity.amazonaws.com', subject: SUB_A, audience: POOL, claims: {} } });
    const ask = { action: 's3:GetObject', resource: 'arn:aws:s3:::any/thing' };
    assert.equal((await verifier.verify(await signed(c, 'GET', '/any/thing'), ask)).allowed, true);
    await deleteRolePolicy(server.services, name, 'all');
    await deleteRole(server.services, name);
    const after = await verifier.verify(await signed(c, 'GET', '/any/thing'), ask);
    assert.ok(after.authenticated && after.allowed === false);
  });

  it('alcove revoke-credentials ends a key, or a role session, on the running server', async () => {
    const env = {
      ...process.env, ALCOVE_LOG_LEVEL: 'silent',
      ALCOVE_KEK: server.settings.kek ?? '', ALCOVE_DATABASE_URL: server.settings.databaseUrl ?? '',
    };
    const cli = (...args: string[]) => exec(process.execPath, [...ALCOVE, 'revoke-credentials', ...args, '--data-dir', server.dataDir], { env });
    const ask = { action: 's3:GetObject', resource: object(`${SUB_B}/a`) };
    const one = await issue(SUB_B);
    const two = await issue(SUB_B, { roleSessionName: 'second-session' });
    assert.match((await cli('--access-key-id', one.credentials.accessKeyId)).stdout, new RegExp(`revoked ${one.credentials.accessKeyId}`));
    assert.equal((await verifier.verify(await signed(one, 'GET', `/files/${SUB_B}/a`), ask)).authenticated, false);
    assert.equal((await verifier.verify(await signed(two, 'GET', `/files/${SUB_B}/a`), ask)).allowed, true);
    assert.match((await cli('--role-arn', roleArn, '--session-name', 'second-session')).stdout, /revoked every credential of session second-session/);
    assert.equal((await verifier.verify(await signed(two, 'GET', `/files/${SUB_B}/a`), ask)).authenticated, false);
  });

  it('answers a malformed verification request with 400', async () => {
    const res = await fetch(`${server.url}/alcove/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"request":{}}' });
    assert.equal(res.status, 400);
    const revoke = await fetch(`${server.url}/alcove/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accessKeyId":"ASIAAAAAAAAAAAAAAAAA"}' });
    assert.equal(revoke.status, 403, 'revocation wants the server\'s signature');
    const unsigned = await verifier.verify({ method: 'GET', url: '/x', headers: { host: HOST } });
    assert.ok(!unsigned.authenticated && unsigned.error.code === 'MissingAuthenticationToken');
  });
});
