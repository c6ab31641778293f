/**
 * The STS and IAM surfaces through the real SDKs: roles managed with @aws-sdk/client-iam, an
 * Alcove user pool's ID token traded for credentials with @aws-sdk/client-sts
 * AssumeRoleWithWebIdentity, GetCallerIdentity signed with them; STS's and IAM's errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient,
  ListRolesCommand, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';

describe('STS and IAM on the aws-query surface', () => {
  let server: TestServer;
  let iam: IAMClient;
  let sts: STSClient;
  let poolId: string;
  let clientId: string;
  let idToken: string;
  let accessToken: string;
  let issuerHost: string;
  const suffix = Date.now().toString(36);
  const roleName = `Reader${suffix}`;
  const path = `/app${suffix}/`;

  before(async () => {
    server = await startTestServer();
    const key = server.accessKeys[0]!;
    const credentials = { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
    iam = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    ({ poolId, clientId } = await poolAndClient(server));
    await confirmedUser(server, poolId, 'alice');
    const tokens = await signIn(server, { poolId, clientId, username: 'alice', password: PASSWORD });
    idToken = tokens.IdToken;
    accessToken = tokens.AccessToken;
    issuerHost = `${server.url.replace(/^https?:\/\//, '')}/${poolId}`;
  });
  after(async () => {
    iam.destroy();
    sts.destroy();
    await server.stop();
  });

  const trustPolicy = () => JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow', Principal: { Federated: issuerHost }, Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${issuerHost}:aud`]: clientId } },
    }],
  });

  it('manages roles and their inline policies with client-iam', async () => {
    const created = await iam.send(new CreateRoleCommand({
      RoleName: roleName, AssumeRolePolicyDocument: trustPolicy(), Path: path, MaxSessionDuration: 7200,
      Description: 'reads', Tags: [{ Key: 'team', Value: 'blue' }],
    }));
    assert.equal(created.Role!.Arn, `arn:aws:iam::000000000000:role${path}${roleName}`);
    assert.match(created.Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.equal(decodeURIComponent(created.Role!.AssumeRolePolicyDocument!), trustPolicy());
    assert.ok(created.Role!.CreateDate instanceof Date);
    const got = await iam.send(new GetRoleCommand({ RoleName: roleName.toUpperCase() }));
    assert.equal(got.Role!.RoleName, roleName);
    assert.equal(got.Role!.MaxSessionDuration, 7200);
    assert.deepEqual(got.Role!.Tags, [{ Key: 'team', Value: 'blue' }]);

    const dup = await errorOf(() => iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trustPolicy() })));
    assert.equal(dup.name, 'EntityAlreadyExistsException');
    assert.equal(dup.message, `Role with name ${roleName} already exists.`);
    const bad = await errorOf(() => iam.send(new CreateRoleCommand({ RoleName: 'Bad1', AssumeRolePolicyDocument: '{"Statement":[' })));
    assert.equal(bad.name, 'MalformedPolicyDocumentException');
    const missing = await errorOf(() => iam.send(new GetRoleCommand({ RoleName: 'NoSuchRoleHere' })));
    assert.equal(missing.name, 'NoSuchEntityException');
    assert.equal(missing.message, 'The role with name NoSuchRoleHere cannot be found.');
    assert.equal(missing.$metadata?.httpStatusCode, 404);

    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'read', PolicyDocument: policy }));
    const p = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: 'read' }));
    assert.equal(decodeURIComponent(p.PolicyDocument!), policy);
    const conflict = await errorOf(() => iam.send(new DeleteRoleCommand({ RoleName: roleName })));
    assert.equal(conflict.name, 'DeleteConflictException');
    const badPolicy = await errorOf(() => iam.send(new PutRolePolicyCommand({
      RoleName: roleName, PolicyName: 'bad', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }),
    })));
    assert.equal(badPolicy.name, 'MalformedPolicyDocumentException');

    await iam.send(new CreateRoleCommand({ RoleName: `Other${roleName}`, AssumeRolePolicyDocument: trustPolicy() }));
    const listed = await iam.send(new ListRolesCommand({ PathPrefix: path }));
    assert.deepEqual(listed.Roles!.map((r) => r.RoleName), [roleName]);
    const page = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    const next = await iam.send(new ListRolesCommand({ Marker: page.Marker! }));
    assert.ok(next.Roles!.length >= 1);
    await iam.send(new DeleteRoleCommand({ RoleName: `Other${roleName}` }));
    assert.equal((await errorOf(() => iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: 'none' })))).name, 'NoSuchEntityException');
  });

  it('refuses unsigned and badly signed IAM calls', async () => {
    const stranger = new IAMClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 });
    const e = await errorOf(() => stranger.send(new GetRoleCommand({ RoleName: roleName })));
    assert.equal(e.name, 'InvalidClientTokenId');
    assert.equal(e.$metadata?.httpStatusCode, 403);
    stranger.destroy();
  });

  it('trades a user pool ID token for credentials (AssumeRoleWithWebIdentity) and names them (GetCallerIdentity)', async () => {
    const roleArn = `arn:aws:iam::000000000000:role${path}${roleName}`;
    const anonymous = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
    const out = await anonymous.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: roleArn, RoleSessionName: 'web-session', WebIdentityToken: idToken, DurationSeconds: 3600,
    }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    assert.ok(out.Credentials!.Expiration instanceof Date);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::000000000000:assumed-role/${roleName}/web-session`);
    assert.equal(out.Provider, issuerHost);
    assert.equal(out.Audience, clientId);
    assert.ok(out.SubjectFromWebIdentityToken);

    const asRole = new STSClient({
      endpoint: server.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! },
    });
    const me = await asRole.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, out.AssumedRoleUser!.Arn);
    assert.equal(me.UserId, out.AssumedRoleUser!.AssumedRoleId);
    assert.equal(me.Account, '000000000000');
    const admin = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(admin.Arn, 'arn:aws:iam::000000000000:root');

    // Temporary credentials do not manage IAM.
    const roleIam = new IAMClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: asRole.config.credentials });
    assert.equal((await errorOf(() => roleIam.send(new GetRoleCommand({ RoleName: roleName })))).name, 'InvalidClientTokenId');
    roleIam.destroy();

    const tampered = new STSClient({
      endpoint: server.url, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: `${out.Credentials!.SecretAccessKey!}x`, sessionToken: out.Credentials!.SessionToken! },
    });
    assert.equal((await errorOf(() => tampered.send(new GetCallerIdentityCommand({})))).name, 'SignatureDoesNotMatch');
    for (const c of [asRole, tampered, anonymous]) c.destroy();
  });

  it("answers STS's errors for bad tokens, roles and policies", async () => {
    const anonymous = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' } });
    const roleArn = `arn:aws:iam::000000000000:role${path}${roleName}`;
    const call = (input: Partial<ConstructorParameters<typeof AssumeRoleWithWebIdentityCommand>[0]>) => errorOf(() => anonymous.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 's1', WebIdentityToken: idToken, ...input }),
    ));
    const notJwt = await call({ WebIdentityToken: 'not-a-jwt' });
    assert.equal(notJwt.name, 'InvalidIdentityTokenException');
    assert.equal((await call({ WebIdentityToken: accessToken })).name, 'InvalidIdentityTokenException');
    const [h, p, s] = idToken.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'someone-else' })).toString('base64url')}.${s}`;
    assert.equal((await call({ WebIdentityToken: forged })).name, 'InvalidIdentityTokenException');
    const denied = await call({ RoleArn: 'arn:aws:iam::000000000000:role/NotHere' });
    assert.equal(denied.name, 'AccessDenied');
    assert.equal(denied.message, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    assert.equal(denied.$metadata?.httpStatusCode, 403);
    assert.equal((await call({ Policy: '{"Statement":' })).name, 'MalformedPolicyDocumentException');
    const tooLong = await call({ DurationSeconds: 100 });
    assert.equal(tooLong.name, 'ValidationError');
    assert.match(tooLong.message, /durationSeconds/);
    assert.equal((await call({ DurationSeconds: 7201 })).name, 'ValidationError');
    anonymous.destroy();
  });
});
