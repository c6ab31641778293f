/**
 * The recipes under examples/ run as a user runs them (a child process, configured through
 * environment variables) against a real server, and print what the README says they print; the
 * README's snippets are excerpts of them, verbatim.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AdminAddUserToGroupCommand, AdminInitiateAuthCommand, CreateGroupCommand, type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

const exec = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const example = (name: string) => path.join(root, 'examples', name);

const cliAvailable = await exec('aws', ['--version']).then(() => true, () => false);
const boto3Available = await exec('python3', ['-c', 'import boto3']).then(() => true, () => false);

/** The environment a user would set: nothing of the test runner's AWS configuration leaks in. */
function envOf(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  return { ...env, ...vars };
}

/** Runs a recipe; its last line of output is JSON (or text for the shell one). */
async function run(command: string, args: string[], vars: Record<string, string>): Promise<string> {
  const { stdout } = await exec(command, args, { env: envOf(vars), cwd: root, timeout: 60_000 });
  return stdout.trim();
}
const lastJson = (stdout: string) => JSON.parse(stdout.split('\n').at(-1)!) as Record<string, unknown>;

interface Fixture {
  poolId: string;
  clientId: string;
  tokens: AuthenticationResultType;
  vars: Record<string, string>;
}

/** A pool with a client, `alice` (email verified) in group `admins`, and her tokens. */
async function fixture(server: TestServer): Promise<Fixture> {
  const { poolId, clientId } = await poolAndClient(server);
  await confirmedUser(server, poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }, { Name: 'email_verified', Value: 'true' }]);
  await server.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
  await server.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'admins' }));
  const { AuthenticationResult } = await server.client.send(new AdminInitiateAuthCommand({
    UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD },
  }));
  const key = server.accessKeys[0]!;
  return {
    poolId,
    clientId,
    tokens: AuthenticationResult!,
    vars: {
      ALCOVE_URL: server.url, USER_POOL_ID: poolId, CLIENT_ID: clientId,
      ID_TOKEN: AuthenticationResult!.IdToken!, ACCESS_TOKEN: AuthenticationResult!.AccessToken!,
      APP_USERNAME: 'alice', APP_PASSWORD: PASSWORD,
      AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    },
  };
}

describe('examples/ with the default issuer', () => {
  let server: TestServer;
  let f: Fixture;
  before(async () => {
    server = await startTestServer();
    f = await fixture(server);
  });
  after(async () => { await server.stop(); });

  it('verify-with-jose.mjs verifies ID and access tokens, and refuses one for the other', async () => {
    const out = lastJson(await run(process.execPath, [example('verify-with-jose.mjs')], f.vars));
    assert.deepEqual(out, { username: 'alice', email: 'alice@example.com', groups: ['admins'], scope: 'aws.cognito.signin.user.admin' });
    await assert.rejects(run(process.execPath, [example('verify-with-jose.mjs')], { ...f.vars, ID_TOKEN: f.tokens.AccessToken! }), /aud/);
  });

  it('verify-with-aws-jwt-verify.mjs verifies with JwtRsaVerifier over plain http', async () => {
    const out = lastJson(await run(process.execPath, [example('verify-with-aws-jwt-verify.mjs')], f.vars));
    assert.deepEqual(out, { username: 'alice', email: 'alice@example.com', groups: ['admins'] });
    await assert.rejects(run(process.execPath, [example('verify-with-aws-jwt-verify.mjs')], { ...f.vars, CLIENT_ID: 'someotherclient' }), /audience|client/i);
  });

  it('openid-client-discovery.mjs discovers the pool and verifies an ID token with what it names', async () => {
    const out = lastJson(await run(process.execPath, [example('openid-client-discovery.mjs')], f.vars));
    assert.deepEqual(out, {
      issuer: `${server.url}/${f.poolId}`, jwks_uri: `${server.url}/${f.poolId}/.well-known/jwks.json`, username: 'alice',
    });
  });

  it('identity-js-sign-in.mjs signs in with SRP through `endpoint`', async () => {
    const out = lastJson(await run(process.execPath, [example('identity-js-sign-in.mjs')], f.vars));
    assert.deepEqual(out, { username: 'alice', email: 'alice@example.com', valid: true });
    await assert.rejects(run(process.execPath, [example('identity-js-sign-in.mjs')], { ...f.vars, APP_PASSWORD: 'Wrong-Password1' }),
      /Incorrect username or password/);
  });

  it('amplify-sign-in.mjs signs in, refreshes and signs out through `userPoolEndpoint`', async () => {
    const out = lastJson(await run(process.execPath, [example('amplify-sign-in.mjs')], f.vars));
    assert.deepEqual(out, { isSignedIn: true, username: 'alice', email: 'alice@example.com', refreshed: true });
  });

  it('file-service.mjs lets a user write and read their own prefix only, through STS credentials and the verifier', async () => {
    const out = lastJson(await run(process.execPath, [example('file-service.mjs')], f.vars));
    assert.deepEqual(out, { put: 200, get: 'hello, own prefix', other: 403 });
  });

  it('aws-cli.sh runs with AWS_REGION only (Debian\'s CLI v1 reads AWS_DEFAULT_REGION)', { skip: cliAvailable ? false : 'the aws CLI is not installed (.ci/run installs Debian\'s awscli)' }, async () => {
    const { ALCOVE_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = f.vars as Record<string, string>;
    const out = await run('sh', [example('aws-cli.sh')], { ALCOVE_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION: 'us-east-1' });
    const lines = out.split('\n');
    assert.equal(lines[0], 'signed in: alice');
    assert.equal(lines[1], 'found by email: alice');
    assert.match(lines[2]!, /^deleted us-east-1_\w+$/);
  });

  it('boto3_sign_in.py signs in, reads the user and makes a signed admin call', { skip: boto3Available ? false : 'python3 with boto3 is not installed' }, async () => {
    const out = lastJson(await run('python3', [example('boto3_sign_in.py')], { ...f.vars, AWS_DEFAULT_REGION: 'us-east-1' }));
    assert.deepEqual(out, { username: 'alice', email: 'alice@example.com', listed: ['alice'], expires_in: 3600 });
  });
});

describe('examples/ with Cognito\'s issuer', () => {
  let server: TestServer;
  let f: Fixture;
  before(async () => {
    server = await startTestServer({ issuerStyle: 'cognito' });
    f = await fixture(server);
  });
  after(async () => { await server.stop(); });

  it('verify-with-cognito-jwt-verifier.mjs verifies with CognitoJwtVerifier, keys fed from Alcove', async () => {
    const out = lastJson(await run(process.execPath, [example('verify-with-cognito-jwt-verifier.mjs')], f.vars));
    assert.deepEqual(out, {
      username: 'alice', email: 'alice@example.com', groups: ['admins'], iss: `https://cognito-idp.us-east-1.amazonaws.com/${f.poolId}`,
    });
    await assert.rejects(run(process.execPath, [example('verify-with-cognito-jwt-verifier.mjs')], { ...f.vars, ID_TOKEN: f.tokens.AccessToken! }),
      /token_use|id/);
  });
});

describe('README recipes', () => {
  it('quotes the examples verbatim and links each of them', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    // A snippet taken from an example is preceded by `<!-- from examples/<file> -->`.
    const quoted = [...readme.matchAll(/<!-- from (examples\/[\w.-]+) -->\s*```\w*\n([\s\S]*?)```/g)];
    assert.ok(quoted.length >= 5, 'the README quotes the examples');
    for (const [, file, snippet] of quoted) {
      const source = readFileSync(path.join(root, file!), 'utf8');
      assert.ok(source.includes(snippet!), `README's snippet from ${file} is not in it:\n${snippet}`);
    }
    for (const file of ['verify-with-jose.mjs', 'verify-with-aws-jwt-verify.mjs', 'verify-with-cognito-jwt-verifier.mjs',
      'openid-client-discovery.mjs', 'identity-js-sign-in.mjs', 'amplify-sign-in.mjs', 'aws-cli.sh', 'boto3_sign_in.py']) {
      assert.ok(readme.includes(`(examples/${file})`), `the README links examples/${file}`);
    }
  });
});
