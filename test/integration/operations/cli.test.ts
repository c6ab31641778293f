/** The command line as a new user meets it: help, first start on an empty data directory. */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ALCOVE, listeningUrl } from '../../helpers/cli.ts';

const exec = promisify(execFile);

describe('alcove CLI', () => {
  it('explains every setting in --help', async () => {
    const { stdout } = await exec(process.execPath, [...ALCOVE, '--help']);
    for (const flag of ['--port', '--host', '--data-dir', '--public-url', '--region', '--account-id', '--config', '--dev', 'ALCOVE_ACCESS_KEY_ID', 'ALCOVE_KEK']) {
      assert.ok(stdout.includes(flag), `help mentions ${flag}`);
    }
  });

  it('refuses an unknown command and bad settings with a readable message', async () => {
    const unknown = await exec(process.execPath, [...ALCOVE, 'frobnicate']).then(() => undefined, (e: { code: number; stderr: string }) => e);
    assert.equal(unknown?.code, 1);
    assert.match(unknown!.stderr, /unknown command: frobnicate/);
    const bad = await exec(process.execPath, [...ALCOVE, 'serve', '--region', 'moon']).then(() => undefined, (e: { stderr: string }) => e);
    assert.match(bad!.stderr, /region/);
  });

  it('first start generates a private access key and KEK, and serves signed calls', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-cli-'));
    const child = spawn(process.execPath, [...ALCOVE, 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ALCOVE_LOG_LEVEL: 'info' },
    });
    try {
      const url = await listeningUrl(child, [], undefined, 20_000);
      for (const file of ['credentials.json', 'kek']) {
        assert.equal(statSync(path.join(dataDir, file)).mode & 0o777, 0o600, `${file} is private`);
      }
      const key = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      const client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: key, maxAttempts: 1 });
      const { UserPools } = await client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      assert.deepEqual(UserPools, []);
      client.destroy();
      const health = await fetch(`${url}/ready`);
      assert.equal(health.status, 200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a data directory that does not exist instead of creating an empty one', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'alcove-cli-'));
    const missing = path.join(parent, 'no-such-data');
    try {
      for (const args of [['messages'], ['migrate'], ['rotate-kek']]) {
        const failed = await exec(process.execPath, [...ALCOVE, ...args, '--data-dir', missing], {
          env: { ...process.env, ALCOVE_DATABASE_URL: '', ALCOVE_KEK: `new:${Buffer.alloc(32, 1).toString('base64')},old:${Buffer.alloc(32, 2).toString('base64')}` },
        }).then(() => undefined, (e: { code: number; stderr: string }) => e);
        assert.equal(failed?.code, 1, `${args[0]} fails`);
        assert.match(failed!.stderr, /data directory .*no-such-data does not exist/, `${args[0]} says why`);
        assert.equal(existsSync(missing), false, `${args[0]} created nothing`);
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('--dev says so in a banner on the terminal, not only in the log', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-cli-'));
    const child = spawn(process.execPath, [...ALCOVE, 'serve', '--dev', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ALCOVE_LOG_LEVEL: 'info', ALCOVE_DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listening line within 20 s')), 20_000);
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'alcove is listening' && entry.url) { clearTimeout(timer); resolve(entry.url); }
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(stderr, /DEVELOPMENT MODE \(--dev\) at http:\/\/127\.0\.0\.1:\d+: never expose this server/);
      assert.ok(stderr.includes(url), 'the banner names the address');
      assert.match(stderr, /message kept in the outbox/, 'the banner names the log line that shows codes');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
