/**
 * The credentials core (issueRoleCredentials), as the identity pools call it: a role's trust
 * policy decides, credentials are ASIA keys stored sealed, STS's errors otherwise.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRole, putRolePolicy } from '../../../src/iam/role-operations.ts';
import { issueRoleCredentials } from '../../../src/sts/credentials.ts';
import { sealContext } from '../../../src/sts/credentials.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555';
const trust = (amr = 'authenticated') => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' },
    Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
    Condition: {
      StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    },
  }],
});
const identity = (amr: string[], audience = POOL) => ({
  issuer: 'https://cognito-identity.amazonaws.com', provider: 'cognito-identity.amazonaws.com',
  subject: 'us-east-1:aaaaaaaa-0000-0000-0000-000000000001', audience, amr, claims: {},
});

describe('issueRoleCredentials', () => {
  let server: TestServer;
  let roleArn: string;
  const suffix = Date.now().toString(36);
  before(async () => {
    server = await startTestServer();
    const role = await createRole(server.services, { roleName: `Auth_${suffix}`, assumeRolePolicyDocument: trust(), maxSessionDuration: 7200 });
    roleArn = role.arn;
    await putRolePolicy(server.services, role.name, 'files', JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*' }],
    }));
  });
  after(() => server.stop());

  it('issues ASIA credentials for a trusted identity, stored sealed', async () => {
    const out = await issueRoleCredentials(server.services, {
      roleArn, roleSessionName: 'CognitoIdentityCredentials', webIdentity: identity(['authenticated', 'cognito-idp']),
      principalTags: { team: 'blue' },
    });
    assert.match(out.credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.credentials.secretAccessKey.length, 40);
    assert.ok(out.credentials.expiration.getTime() - Date.now() > 3500_000);
    assert.equal(out.assumedRoleUser.arn, `arn:aws:sts::000000000000:assumed-role/Auth_${suffix}/CognitoIdentityCredentials`);
    assert.match(out.assumedRoleUser.assumedRoleId, /^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);
    assert.equal(out.provider, 'cognito-identity.amazonaws.com');
    assert.equal(out.subjectFromWebIdentityToken, identity([]).subject);
    const row = await server.services.store.temporaryCredentials.get(out.credentials.accessKeyId);
    assert.ok(row);
    assert.ok(!row.secretEnc.includes(out.credentials.secretAccessKey));
    const opened = JSON.parse(server.services.vault.openString(row.secretEnc, sealContext(row.accessKeyId))) as { secret: string; token: string };
    assert.deepEqual(opened, { secret: out.credentials.secretAccessKey, token: out.credentials.sessionToken });
    assert.deepEqual(row.principalTags, { team: 'blue' });
  });

  it('refuses an identity the trust policy does not name', async () => {
    for (const web of [identity(['unauthenticated']), identity(['authenticated'], 'us-east-1:other')]) {
      const e = await errorOf(() => issueRoleCredentials(server.services, { roleArn, roleSessionName: 'x1', webIdentity: web }));
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.message, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    }
    const other = { ...identity(['authenticated']), provider: 'accounts.google.com' };
    assert.equal((await errorOf(() => issueRoleCredentials(server.services, { roleArn, roleSessionName: 'x1', webIdentity: other }))).name, 'AccessDenied');
  });

  it('refuses a role Alcove does not know, bad durations, session names and policies', async () => {
    const web = identity(['authenticated']);
    const cases: [Parameters<typeof issueRoleCredentials>[1], string][] = [
      [{ roleArn: 'arn:aws:iam::000000000000:role/Nope', roleSessionName: 's1', webIdentity: web }, 'AccessDenied'],
      [{ roleArn: 'not-an-arn', roleSessionName: 's1', webIdentity: web }, 'ValidationError'],
      [{ roleArn, roleSessionName: 'a b', webIdentity: web }, 'ValidationError'],
      [{ roleArn, roleSessionName: 's1', webIdentity: web, durationSeconds: 899 }, 'ValidationError'],
      [{ roleArn, roleSessionName: 's1', webIdentity: web, durationSeconds: 7201 }, 'ValidationError'],
      [{ roleArn, roleSessionName: 's1', webIdentity: web, sessionPolicy: '{"Statement":[{"Effect":"Maybe"}]}' }, 'MalformedPolicyDocument'],
      [{ roleArn, roleSessionName: 's1', webIdentity: web, sessionPolicy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'x'.repeat(2100)}` }] }) }, 'PackedPolicyTooLarge'],
    ];
    for (const [input, name] of cases) assert.equal((await errorOf(() => issueRoleCredentials(server.services, input))).name, name, JSON.stringify(input).slice(0, 80));
    const ok = await issueRoleCredentials(server.services, { roleArn, roleSessionName: 's1', webIdentity: web, durationSeconds: 7200 });
    assert.ok(ok.credentials.expiration.getTime() - Date.now() > 7100_000);
  });
});

describe('issueRoleCredentials with iam.trustUnknownRoles (development)', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ dev: true, iam: { trustUnknownRoles: true } }); });
  after(() => server.stop());

  it('issues credentials for a role Alcove does not know, which authenticate but allow nothing', async () => {
    const out = await issueRoleCredentials(server.services, {
      roleArn: 'arn:aws:iam::123456789012:role/Cognito_AppAuth_Role', roleSessionName: 'CognitoIdentityCredentials',
      webIdentity: identity(['authenticated']), sessionPolicy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    });
    assert.match(out.assumedRoleUser.assumedRoleId, /^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);
    assert.equal(out.assumedRoleUser.arn, 'arn:aws:sts::123456789012:assumed-role/Cognito_AppAuth_Role/CognitoIdentityCredentials');
    const row = await server.services.store.temporaryCredentials.get(out.credentials.accessKeyId);
    assert.equal(row?.unknownRole, true);
    const { evaluateSession, parsePolicy, requestContext } = await import('../../../src/iam/policy/index.ts');
    assert.equal(evaluateSession([], row!.sessionPolicies.map((p) => [parsePolicy(p)]), { action: 's3:GetObject', resource: '*', context: requestContext({}) }), 'ImplicitDeny');
  });
});
