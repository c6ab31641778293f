/**
 * The basic (classic) flow end to end: GetId → GetOpenIdToken (or a developer's
 * GetOpenIdTokenForDeveloperIdentity) → @aws-sdk/client-sts AssumeRoleWithWebIdentity with a role
 * that trusts `cognito-identity.amazonaws.com` under the `aud` and `amr` conditions, only while
 * the identity pool allows the classic flow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateIdentityPoolCommand, DescribeIdentityPoolCommand, GetIdCommand, GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand, UpdateIdentityPoolCommand, type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createRole } from '../../../src/iam/role-operations.ts';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';
import { signIn } from '../../helpers/user-session.ts';
import { cognitoTrust, identityClients, PASSWORD, roleName, userPoolWithUsers } from './helpers.ts';

let server: TestServer;
let admin: CognitoIdentityClient;
let anonymous: CognitoIdentityClient;
let sts: STSClient;
let userPool: { poolId: string; clientId: string; provider: string };
let counter = 0;

before(async () => {
  server = await startTestServer();
  ({ admin, anonymous } = identityClients(server));
  sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  userPool = await userPoolWithUsers(server);
});
after(async () => {
  admin.destroy();
  anonymous.destroy();
  sts.destroy();
  await server.stop();
});

/** An identity pool with the classic flow on, and an authenticated and a guest role trusting it. */
async function classicPool(extra: Record<string, unknown> = {}): Promise<{ id: string; auth: string; guest: string }> {
  const created = await admin.send(new CreateIdentityPoolCommand({
    IdentityPoolName: `classic${++counter}`, AllowUnauthenticatedIdentities: true, AllowClassicFlow: true,
    CognitoIdentityProviders: [{ ProviderName: userPool.provider, ClientId: userPool.clientId }],
    ...extra,
  }));
  const id = created.IdentityPoolId!;
  const auth = await createRole(server.services, { roleName: roleName(`classic-auth${counter}`), assumeRolePolicyDocument: cognitoTrust(id, 'authenticated') });
  const guest = await createRole(server.services, { roleName: roleName(`classic-guest${counter}`), assumeRolePolicyDocument: cognitoTrust(id, 'unauthenticated') });
  return { id, auth: auth.arn, guest: guest.arn };
}

const assume = (RoleArn: string, WebIdentityToken: string) => sts.send(new AssumeRoleWithWebIdentityCommand({
  RoleArn, RoleSessionName: 'classic', WebIdentityToken,
}));

describe('the basic (classic) flow', () => {
  it('trades GetOpenIdToken\'s token for the role that trusts the pool, with Cognito\'s aud and amr', async () => {
    const pool = await classicPool();
    const { IdToken } = await signIn(server, { ...userPool, username: 'alice', password: PASSWORD });
    const logins = { [userPool.provider]: IdToken };
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: logins }));
    const { Token } = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId, Logins: logins }));

    const out = await assume(pool.auth, Token!);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    assert.equal(out.SubjectFromWebIdentityToken, IdentityId);
    assert.equal(out.Audience, pool.id);
    assert.equal(out.Provider, 'cognito-identity.amazonaws.com');
    const row = (await server.services.store.temporaryCredentials.get(out.Credentials!.AccessKeyId!))!;
    assert.equal(row.roleArn, pool.auth);
    assert.deepEqual(row.identity.amr.slice(0, 2), ['authenticated', userPool.provider]);

    // The credentials are the caller's own.
    const caller = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: {
      accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken!,
    } });
    const who = await caller.send(new GetCallerIdentityCommand({}));
    caller.destroy();
    assert.equal(who.Arn, `arn:aws:sts::000000000000:assumed-role/${pool.auth.split('/').pop()}/classic`);

    // `amr` decides: the authenticated identity's token is not a guest's.
    const wrongAmr = await errorOf(() => assume(pool.guest, Token!));
    assert.equal(wrongAmr.name, 'AccessDenied');
    assert.equal(wrongAmr.message, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  });

  it('gives guests the guest role only, and refuses another pool\'s role and a forged token', async () => {
    const pool = await classicPool();
    const other = await classicPool();
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id }));
    const { Token } = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId }));
    const out = await assume(pool.guest, Token!);
    assert.equal(out.SubjectFromWebIdentityToken, IdentityId);
    assert.equal((await errorOf(() => assume(pool.auth, Token!))).name, 'AccessDenied');
    assert.equal((await errorOf(() => assume(other.guest, Token!))).name, 'AccessDenied', 'aud names the pool');

    const [h, p, s] = Token!.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, amr: ['authenticated'] })).toString('base64url')}.${s}`;
    const e = await errorOf(() => assume(pool.auth, forged));
    assert.equal(e.name, 'InvalidIdentityTokenException');
  });

  it('ends when the pool turns the classic flow off, even for tokens already minted', async () => {
    const pool = await classicPool();
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool.id }));
    const { Token } = await anonymous.send(new GetOpenIdTokenCommand({ IdentityId }));
    const described = await admin.send(new DescribeIdentityPoolCommand({ IdentityPoolId: pool.id }));
    await admin.send(new UpdateIdentityPoolCommand({ ...described, AllowClassicFlow: false }));
    const e = await errorOf(() => assume(pool.guest, Token!));
    assert.equal(e.name, 'IDPRejectedClaimException');
    assert.equal(e.message, 'Basic (classic) flow is not enabled, please use enhanced flow.');
  });

  it('trades developer tokens too, their principal tags as session tags', async () => {
    const pool = await classicPool({ DeveloperProviderName: 'login.classic.app' });
    const dev = await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: pool.id, Logins: { 'login.classic.app': 'user-7' }, PrincipalTags: { tenant: 't7' },
    }));
    const out = await assume(pool.auth, dev.Token!);
    assert.equal(out.SubjectFromWebIdentityToken, dev.IdentityId);
    const row = (await server.services.store.temporaryCredentials.get(out.Credentials!.AccessKeyId!))!;
    assert.deepEqual(row.principalTags, { tenant: 't7' });
    assert.deepEqual(row.identity.amr, ['authenticated', 'login.classic.app', `login.classic.app:${pool.id}:user-7`]);

    const closed = await classicPool({ DeveloperProviderName: 'login.closed.app', AllowClassicFlow: false });
    const token = await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: closed.id, Logins: { 'login.closed.app': 'u' } }));
    assert.equal((await errorOf(() => assume(closed.auth, token.Token!))).name, 'IDPRejectedClaimException');
  });
});
