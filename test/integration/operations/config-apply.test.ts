/**
 * The config file as desired state: a changed file is applied at the next start (one log line per
 * change) and by `alcove apply` against a running server; `--plan` prints the changes and writes
 * nothing; what the file does not name is left alone; passwords and secrets of existing users and
 * clients change only when the file says so; a seeded user is created whole or not at all.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  AdminSetUserPasswordCommand, CognitoIdentityProviderClient, DescribeUserPoolClientCommand, DescribeUserPoolCommand,
  GetGroupCommand, InitiateAuthCommand, ListUsersCommand, UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readConfigFile, resolveSettings } from '../../../src/config.ts';
import { createTestDatabase, errorOf, startTestServer, testDatabaseUrl, type TestDatabase } from '../../helpers/server.ts';
import { ALCOVE, listeningUrl } from '../../helpers/cli.ts';

const exec = promisify(execFile);
const tag = randomBytes(4).toString('hex');
const poolId = `us-east-1_Desired${tag}`;
const web = `desiredweb${tag}`;
const server = `desiredsrv${tag}`;
const credentials = { accessKeyId: 'AKIADESIREDSTATE0000', secretAccessKey: 'desired-state-test-secret-access-key-00' };

interface Version {
  minLength: number;
  webFlows: string[];
  accessHours: number;
  precedence: number;
  serverSecret: string;
  bob?: boolean;
  resetAlice?: boolean;
}

const configText = (v: Version) => `
pools:
  - name: desired-${tag}
    id: ${poolId}
    settings:
      Policies: { PasswordPolicy: { MinimumLength: ${v.minLength} } }
    clients:
      - name: web
        id: ${web}
        settings: { ExplicitAuthFlows: [${v.webFlows.join(', ')}], AccessTokenValidity: ${v.accessHours} }
      - name: server
        id: ${server}
        secret: ${v.serverSecret}
    groups: [{ name: admins, precedence: ${v.precedence} }]
    users:
      - username: alice
        password: Alice-1234567
        attributes: { email: alice@example.com }
        groups: [admins]${v.resetAlice ? '\n        resetPassword: true' : ''}${v.bob ? `
      - username: bob
        password: Bobby-1234567` : ''}
`;

const V1: Version = {
  minLength: 10, webFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], accessHours: 1, precedence: 1, serverSecret: `first${tag}`,
};
const V2: Version = {
  ...V1, minLength: 12, webFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], accessHours: 2,
  precedence: 5, serverSecret: `second${tag}`, bob: true,
};
const V3: Version = { ...V2, precedence: 7, resetAlice: true };

interface Node {
  url: string;
  client: CognitoIdentityProviderClient;
  /** The messages of the `config: …` log lines, in order. */
  configLines: string[];
  stop(): Promise<void>;
}

describe('config file as desired state', () => {
  let dir: string;
  let dataDir: string;
  let configFile: string;
  let db: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'alcove-desired-'));
    dataDir = path.join(dir, 'data');
    configFile = path.join(dir, 'alcove.yaml');
    const shared = testDatabaseUrl();
    db = shared ? await createTestDatabase(shared) : undefined;
    env = {
      ...process.env,
      ALCOVE_LOG_LEVEL: 'info',
      ALCOVE_ACCESS_KEY_ID: credentials.accessKeyId,
      ALCOVE_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(db ? { ALCOVE_DATABASE_URL: db.url, ALCOVE_KEK: `cfg:${Buffer.alloc(32, 3).toString('base64')}` } : {}),
    };
  });
  after(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (v: Version) => writeFileSync(configFile, configText(v));
  const cli = (...args: string[]) => exec(process.execPath, [...ALCOVE, ...args, '--data-dir', dataDir, '--config', configFile], { env });

  async function start(): Promise<Node> {
    const child = spawn(process.execPath, [...ALCOVE, 'serve', '--port', '0', '--data-dir', dataDir, '--config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'], env,
    });
    const configLines: string[] = [];
    const output: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const url = await listeningUrl(child, output, (entry) => {
      if (entry.msg?.startsWith('config: ')) configLines.push(entry.msg.slice('config: '.length));
    });
    const client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    return {
      url, client, configLines,
      async stop() {
        client.destroy();
        child.kill('SIGTERM');
        await exited;
      },
    };
  }

  const signIn = (node: Node, username: string, password: string) => node.client.send(new InitiateAuthCommand({
    AuthFlow: 'USER_PASSWORD_AUTH', ClientId: web, AuthParameters: { USERNAME: username, PASSWORD: password },
  }));

  it('applies a changed file at the next start, one log line per change, and --plan shows them first', async () => {
    write(V1);
    const first = await start();
    try {
      assert.ok(first.configLines.length > 0, 'the first start logs what it creates');
      // Changes made through the API to what the file does not name, and to a user's password.
      await first.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Description: 'set by hand' }));
      await first.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: 'Changed-by-hand1', Permanent: true }));
    } finally {
      await first.stop();
    }

    write(V2);
    const plan = await cli('apply', '--plan');
    const expected = [
      `pool "desired-${tag}": Policies.PasswordPolicy.MinimumLength: 10 → 12`,
      `pool "desired-${tag}" client "web": AccessTokenValidity: 1 → 2`,
      `pool "desired-${tag}" client "web": ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH","ALLOW_REFRESH_TOKEN_AUTH"] → ["ALLOW_USER_SRP_AUTH","ALLOW_USER_PASSWORD_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]`,
      `pool "desired-${tag}" group "admins": Precedence: 1 → 5`,
      `pool "desired-${tag}" user "bob": create (CONFIRMED)`,
    ];
    for (const line of expected) assert.ok(plan.stdout.includes(`${line}\n`), `plan shows ${line}:\n${plan.stdout}`);
    assert.match(plan.stdout, /note: pool "desired-\w+" client "server": the stored secret differs from the file's and is kept/);
    assert.match(plan.stdout, /5 change\(s\) to apply \(plan only: nothing was written\)/);

    // The plan wrote nothing: the start finds the same changes to make, and logs each once.
    const second = await start();
    try {
      assert.deepEqual(second.configLines.filter((l) => !l.includes('secret differs')), expected);
      const { UserPool } = await second.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      assert.equal(UserPool?.Policies?.PasswordPolicy?.MinimumLength, 12);
      const { UserPoolClient } = await second.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: web }));
      assert.deepEqual(UserPoolClient?.ExplicitAuthFlows, ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
      assert.equal(UserPoolClient?.AccessTokenValidity, 2);
      assert.equal(UserPoolClient?.TokenValidityUnits?.AccessToken, 'hours');
      const { Group } = await second.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
      assert.equal(Group?.Precedence, 5);
      assert.equal(Group?.Description, 'set by hand', 'what the file does not name is left alone');
      const secretClient = await second.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: server }));
      assert.equal(secretClient.UserPoolClient?.ClientSecret, `first${tag}`, 'a secret is not replaced unless the file says so');
      // Alice's password stays the one set by hand; bob signs in with the file's.
      assert.ok((await signIn(second, 'alice', 'Changed-by-hand1')).AuthenticationResult?.AccessToken);
      assert.ok((await signIn(second, 'bob', 'Bobby-1234567')).AuthenticationResult?.AccessToken);
    } finally {
      await second.stop();
    }

    const third = await start();
    try {
      assert.deepEqual(third.configLines.filter((l) => !l.includes('secret differs')), [], 'the same file changes nothing');

      // `alcove apply` against the running server: the change is seen through the API at once.
      write(V3);
      const applied = await cli('apply');
      assert.ok(applied.stdout.includes(`pool "desired-${tag}" group "admins": Precedence: 5 → 7\n`), applied.stdout);
      assert.ok(applied.stdout.includes(`pool "desired-${tag}" user "alice": password set (CONFIRMED)\n`), applied.stdout);
      assert.match(applied.stdout, /2 change\(s\) applied/);
      const { Group } = await third.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
      assert.equal(Group?.Precedence, 7);
      assert.ok((await signIn(third, 'alice', 'Alice-1234567')).AuthenticationResult?.AccessToken, 'resetPassword sets the file\'s password');
      assert.match((await cli('apply', '--plan')).stdout, /no changes: the database is as the file says/);
    } finally {
      await third.stop();
    }
  });
});

describe('config file: whole or nothing, explicit secrets', () => {
  const files: string[] = [];
  after(() => { for (const f of files) rmSync(path.dirname(f), { recursive: true, force: true }); });
  const poolsOf = (text: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'alcove-desired-file-')), 'alcove.yaml');
    files.push(file);
    writeFileSync(file, text);
    return resolveSettings([readConfigFile(file)]).pools;
  };

  it('creates no part of a seeded user that breaks a rule', async () => {
    const id = `us-east-1_Whole${randomBytes(4).toString('hex')}`;
    const pool = `  - name: whole-${tag}\n    id: ${id}\n`;
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    const where = db ? { databaseUrl: db.url } : {};
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-whole-'));
    try {
      await assert.rejects(startTestServer({ dataDir, ...where, pools: poolsOf(`pools:\n${pool}    users:\n      - username: weak\n        password: short\n`) }),
        /config pool "whole-\w+" user "weak": InvalidPasswordException: Password did not conform with policy/);
      await assert.rejects(startTestServer({ dataDir, ...where, pools: poolsOf(`pools:\n${pool}    users:\n      - username: lost\n        password: Good-pass123\n        groups: [nosuchgroup]\n`) }),
        /config pool "whole-\w+" user "lost": group "nosuchgroup" does not exist/);
      const node = await startTestServer({ dataDir, ...where, pools: poolsOf(`pools:\n${pool}`) });
      try {
        const { Users } = await node.client.send(new ListUsersCommand({ UserPoolId: id }));
        assert.deepEqual(Users, [], 'neither user was created');
      } finally {
        await node.stop();
      }
    } finally {
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('replaces an existing client\'s secret only with replaceSecret', async () => {
    const clientId = `replaced${randomBytes(4).toString('hex')}`;
    const config = (secret: string, replace: boolean) => `pools:\n  - name: secrets-${tag}\n    clients:\n      - name: api\n        id: ${clientId}\n        secret: ${secret}\n${replace ? '        replaceSecret: true\n' : ''}`;
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    const where = db ? { databaseUrl: db.url } : {};
    const first = await startTestServer({ ...where, pools: poolsOf(config('secretone', false)) });
    first.client.destroy();
    first.anonymousClient.destroy();
    await first.close();
    try {
      const second = await startTestServer({ dataDir: first.dataDir, ...where, pools: poolsOf(config('secrettwo', false)) });
      const kept = await second.client.send(new DescribeUserPoolClientCommand({ UserPoolId: (await second.services.store.clients.get(clientId))!.poolId, ClientId: clientId }));
      assert.equal(kept.UserPoolClient?.ClientSecret, 'secretone');
      second.client.destroy();
      second.anonymousClient.destroy();
      await second.close();
      const third = await startTestServer({ dataDir: first.dataDir, ...where, pools: poolsOf(config('secrettwo', true)) });
      try {
        const poolOf = (await third.services.store.clients.get(clientId))!.poolId;
        const replaced = await third.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolOf, ClientId: clientId }));
        assert.equal(replaced.UserPoolClient?.ClientSecret, 'secrettwo');
      } finally {
        await third.stop();
      }
    } finally {
      await db?.drop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a setting that cannot change once the pool exists, naming it', async () => {
    const id = `us-east-1_Fixed${randomBytes(4).toString('hex')}`;
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    const where = db ? { databaseUrl: db.url } : {};
    const first = await startTestServer({ ...where, pools: poolsOf(`pools:\n  - name: fixed-${tag}\n    id: ${id}\n`) });
    first.client.destroy();
    first.anonymousClient.destroy();
    await first.close();
    try {
      const error = await errorOf(() => startTestServer({ dataDir: first.dataDir, ...where,
        pools: poolsOf(`pools:\n  - name: fixed-${tag}\n    id: ${id}\n    settings: { UsernameAttributes: [email] }\n`) }));
      assert.match(error.message, /config pool "fixed-\w+": UsernameAttributes cannot change once a pool exists/);
    } finally {
      await db?.drop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
