/**
 * Issue 12's "Done when", as one journey: a mobile-style client signs in to a user pool (the AWS
 * SDK's InitiateAuth), gets credentials from an identity pool (`fromCognitoIdentityPool`, the
 * enhanced flow), and signs its requests (SigV4, as an S3 client does) to a file service that asks
 * Alcove's verifier (the `alcove/verifier` library) about each one: every user reads and writes
 * their own objects (`files/${cognito-identity.amazonaws.com:sub}/*`) and nobody else's.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateIdentityPoolCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { createRole, putRolePolicy } from '../../../src/iam/role-operations.ts';
import { AlcoveVerifier } from '../../../src/sdk/verifier.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { cognitoTrust, identityClients, PASSWORD, roleName, userPoolWithUsers } from './helpers.ts';

let server: TestServer;
let files: Server;
let filesHost: string;
let userPool: { poolId: string; clientId: string; provider: string };
let identityPoolId: string;

/** The resource server: objects in memory, every request decided by Alcove's verifier. */
function fileService(verifier: AlcoveVerifier): Server {
  const objects = new Map<string, Buffer>();
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const key = decodeURIComponent(new URL(req.url!, 'http://files').pathname.replace(/^\/files\//, ''));
    const verdict = await verifier.verifyNodeRequest(req, body, {
      action: req.method === 'PUT' ? 's3:PutObject' : 's3:GetObject', resource: `arn:aws:s3:::files/${key}`,
    });
    if (!verdict.authenticated) { res.statusCode = 401; res.end(verdict.error.code); return; }
    if (!verdict.allowed) { res.statusCode = 403; res.end('AccessDenied'); return; }
    if (req.method === 'PUT') { objects.set(key, body); res.end(); return; }
    const found = objects.get(key);
    res.statusCode = found ? 200 : 404;
    res.end(found);
  });
}

before(async () => {
  server = await startTestServer();
  const { admin } = identityClients(server);
  userPool = await userPoolWithUsers(server);
  identityPoolId = (await admin.send(new CreateIdentityPoolCommand({
    IdentityPoolName: 'mobile', AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [{ ProviderName: userPool.provider, ClientId: userPool.clientId, ServerSideTokenCheck: true }],
  }))).IdentityPoolId!;
  const name = roleName('mobile-users');
  const role = await createRole(server.services, { roleName: name, assumeRolePolicyDocument: cognitoTrust(identityPoolId, 'authenticated') });
  await putRolePolicy(server.services, name, 'own-objects', JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::files/${cognito-identity.amazonaws.com:sub}/*' }],
  }));
  await admin.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId, Roles: { authenticated: role.arn } }));
  admin.destroy();
  files = fileService(new AlcoveVerifier({ endpoint: server.url }));
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesHost = `127.0.0.1:${(files.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => files.close(resolve));
  await server.stop();
});

/** The app on a phone: sign in, trade the ID token for the identity pool's credentials, sign requests. */
async function mobileApp(username: string) {
  const idp = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', maxAttempts: 1 });
  const { AuthenticationResult } = await idp.send(new InitiateAuthCommand({
    ClientId: userPool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD },
  }));
  idp.destroy();
  const credentials = await fromCognitoIdentityPool({
    identityPoolId, logins: { [userPool.provider]: AuthenticationResult!.IdToken! },
    clientConfig: { endpoint: server.url, region: 'us-east-1' },
  })();
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', sha256: Sha256, credentials });
  const [hostname, port] = filesHost.split(':');
  return {
    identityId: credentials.identityId,
    async call(method: 'GET' | 'PUT', key: string, body?: string, tamper = false) {
      const path = `/files/${key}`;
      const signed = await signer.sign({
        method, protocol: 'http:', hostname: hostname!, port: Number(port), path, query: {},
        headers: { host: filesHost, ...(body !== undefined ? { 'content-type': 'text/plain' } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
      const headers = { ...signed.headers } as Record<string, string>;
      if (tamper) headers.authorization = headers.authorization!.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
      const res = await fetch(`http://${filesHost}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      return { status: res.status, text: await res.text() };
    },
  };
}

describe('a mobile-style client behind an identity pool and a verifier-protected file service', () => {
  it('reads and writes its own objects only', async () => {
    const alice = await mobileApp('alice');
    const bob = await mobileApp('bob');
    assert.match(alice.identityId, /^us-east-1:/);
    assert.notEqual(alice.identityId, bob.identityId);

    assert.equal((await alice.call('PUT', `${alice.identityId}/notes.txt`, 'alice\'s notes')).status, 200);
    assert.deepEqual(await alice.call('GET', `${alice.identityId}/notes.txt`), { status: 200, text: 'alice\'s notes' });
    assert.equal((await bob.call('PUT', `${bob.identityId}/notes.txt`, 'bob\'s notes')).status, 200);

    assert.deepEqual(await alice.call('GET', `${bob.identityId}/notes.txt`), { status: 403, text: 'AccessDenied' });
    assert.equal((await alice.call('PUT', `${bob.identityId}/notes.txt`, 'overwritten')).status, 403);
    assert.deepEqual(await bob.call('GET', `${bob.identityId}/notes.txt`), { status: 200, text: 'bob\'s notes' });

    const forged = await alice.call('GET', `${alice.identityId}/notes.txt`, undefined, true);
    assert.equal(forged.status, 401);
    const anonymous = await fetch(`http://${filesHost}/files/${alice.identityId}/notes.txt`);
    assert.equal(anonymous.status, 401);
  });
});
