/**
 * Rotation of the key that signs identity pools' OpenID tokens (`alcove rotate-signing-keys
 * --identity-pools`, the same rotation the key-rotation worker runs): new tokens carry the new
 * `kid`; tokens signed before still verify (STS, the JWKS) until the longest token the old key
 * can have signed (24 h) has expired; then the old key leaves the JWKS.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateIdentityPoolCommand, GetCredentialsForIdentityCommand, GetIdCommand, GetOpenIdTokenCommand,
  GetOpenIdTokenForDeveloperIdentityCommand, SetIdentityPoolRolesCommand, type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { decodeProtectedHeader } from 'jose';
import { identityPublicKey, rotateIdentityKey } from '../../../src/identityPools/tokens/keys.ts';
import { createRole } from '../../../src/iam/role-operations.ts';
import { testClock } from '../../helpers/auth-flows.ts';
import { ALCOVE } from '../../helpers/cli.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { cognitoTrust, identityClients, roleName } from './helpers.ts';

const exec = promisify(execFile);
const HOUR = 3_600_000;

let server: TestServer;
let admin: CognitoIdentityClient;
let anonymous: CognitoIdentityClient;
let sts: STSClient;
const clock = testClock();

before(async () => {
  server = await startTestServer({}, { clock, isolatedDatabase: true });
  ({ admin, anonymous } = identityClients(server));
  sts = new STSClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
});
after(async () => {
  admin.destroy();
  anonymous.destroy();
  sts.destroy();
  await server.stop();
});

const kidOf = (token: string) => decodeProtectedHeader(token).kid!;
const jwksKids = async () => ((await (await fetch(`${server.url}/cognito-identity/.well-known/jwks_uri`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

describe('identity key rotation', () => {
  it('signs new tokens with the new key and keeps the old one published for the longest token', async () => {
    const pool = (await admin.send(new CreateIdentityPoolCommand({
      IdentityPoolName: 'rotation', AllowUnauthenticatedIdentities: true, AllowClassicFlow: true, DeveloperProviderName: 'login.rotation.app',
    }))).IdentityPoolId!;
    const guestRole = await createRole(server.services, { roleName: roleName('rotation-guest'), assumeRolePolicyDocument: cognitoTrust(pool, 'unauthenticated') });
    const authRole = await createRole(server.services, { roleName: roleName('rotation-auth'), assumeRolePolicyDocument: cognitoTrust(pool, 'authenticated') });
    await admin.send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: pool, Roles: { authenticated: authRole.arn, unauthenticated: guestRole.arn },
    }));
    const { IdentityId } = await anonymous.send(new GetIdCommand({ IdentityPoolId: pool }));
    const before = (await anonymous.send(new GetOpenIdTokenCommand({ IdentityId }))).Token!;
    const longLived = await admin.send(new GetOpenIdTokenForDeveloperIdentityCommand({
      IdentityPoolId: pool, Logins: { 'login.rotation.app': 'u1' }, TokenDuration: 86_400,
    }));
    assert.deepEqual(await jwksKids(), [kidOf(before)]);

    const { kid, generation } = await rotateIdentityKey(server.services);
    assert.equal(generation, 2);
    const afterToken = (await anonymous.send(new GetOpenIdTokenCommand({ IdentityId }))).Token!;
    assert.equal(kidOf(afterToken), kid);
    assert.notEqual(kid, kidOf(before));
    assert.deepEqual(await jwksKids(), [kid, kidOf(before)]);
    for (const token of [before, afterToken]) {
      const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: guestRole.arn, RoleSessionName: 'rotation', WebIdentityToken: token }));
      assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    }

    // 23 hours on, the developer token signed by the old key is still good.
    clock.advance(23 * HOUR);
    const creds = await anonymous.send(new GetCredentialsForIdentityCommand({
      IdentityId: longLived.IdentityId, Logins: { 'cognito-identity.amazonaws.com': longLived.Token! },
    }));
    assert.match(creds.Credentials!.AccessKeyId!, /^ASIA/);
    assert.deepEqual(await publishedKids(), [kid, kidOf(before)]);
    // Past the longest token's life, the old key is gone.
    clock.advance(HOUR + 6 * 60_000);
    assert.deepEqual(await publishedKids(), [kid]);
  });

  it('alcove rotate-signing-keys --identity-pools rotates it from the command line', async () => {
    const env = {
      ...process.env, ALCOVE_LOG_LEVEL: 'silent',
      ALCOVE_KEK: server.settings.kek ?? '', ALCOVE_DATABASE_URL: server.settings.databaseUrl ?? '',
    };
    const { stdout } = await exec(process.execPath, [...ALCOVE, 'rotate-signing-keys', '--identity-pools', '--data-dir', server.dataDir], { env });
    assert.match(stdout, /^identity pools: OpenID tokens are now signed with key \S+ \(generation 3\)/);
    assert.equal((await server.services.store.identityKeys.list())[0]!.generation, 3);
  });
});

/** The published kids as a server that has just (re)loaded its keys sees them (the cache holds 30 s of real time). */
async function publishedKids(): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 1_100)); // an unknown kid reloads at most once a second
  await identityPublicKey(server.services, 'no-such-kid-forces-a-reload');
  return jwksKids();
}
