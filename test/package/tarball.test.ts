/**
 * The package as a user installs it: `npm pack`, then `npm install -g` of that tarball into an
 * empty folder (production dependencies only, from the registry), `alcove serve` from that
 * folder's PATH, and a signed call through the AWS SDK. Needs the npm registry (as `npm install`
 * does); takes about half a minute.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CognitoIdentityProviderClient, CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { listeningUrl, ROOT } from '../helpers/cli.ts';

const exec = promisify(execFile);

describe('the npm package', () => {
  let work: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'alcove-package-'));
    prefix = path.join(work, 'global');
    // This Node first on the PATH, so that npm and the installed command run on it; none of the
    // settings of an `npm test` around us (npm_config_*, npm_package_*) leak into these npm runs.
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    env.PATH = [path.join(prefix, 'bin'), path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env, maxBuffer: 16 << 20 });
    const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(work, packed!.filename);
    await exec('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], { cwd: work, env, maxBuffer: 16 << 20 });
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs compiled JavaScript with its production dependencies only', () => {
    const installed = path.join(prefix, 'lib', 'node_modules', 'alcove');
    assert.ok(existsSync(path.join(installed, 'dist', 'cli', 'main.js')), 'dist/ is in the package');
    assert.ok(existsSync(path.join(installed, 'dist', 'protocol', 'catalog', 'cognito-idp.json')), 'the operation catalogue ships');
    // What `alcove` runs: the bundle (scripts/bundle.mjs) with its worker scripts beside it.
    for (const file of ['main.js', 'checkpoint-worker.js', 'module-worker.js']) {
      assert.ok(existsSync(path.join(installed, 'dist', 'bundle', file)), `dist/bundle/${file} is in the package`);
    }
    assert.ok(existsSync(path.join(installed, 'LICENSE')) && existsSync(path.join(installed, 'CHANGELOG.md')));
    assert.ok(!existsSync(path.join(installed, 'src')), 'no TypeScript sources');
    assert.ok(!existsSync(path.join(installed, 'test')), 'no tests');
    const dependencies = readdirSync(path.join(installed, 'node_modules'));
    for (const devOnly of ['tsx', 'typescript', 'node', 'jose', 'aws-amplify', 'playwright-core']) {
      assert.ok(!dependencies.includes(devOnly), `${devOnly} is not installed with the package`);
    }
    // The one AWS SDK client in production is Lambda's (triggers hosted in AWS Lambda); the
    // clients the tests drive Alcove with are not installed.
    const sdk = existsSync(path.join(installed, 'node_modules', '@aws-sdk')) ? readdirSync(path.join(installed, 'node_modules', '@aws-sdk')) : [];
    assert.ok(!sdk.includes('client-cognito-identity-provider'), 'the Cognito SDK client is not installed with the package');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { engines: { node: string } };
    assert.equal(manifest.engines.node, '>=22');
  });

  it('puts `alcove` on the PATH; `alcove serve` answers signed calls and stops cleanly at SIGTERM', async () => {
    const dataDir = path.join(work, 'data');
    const child = spawn('alcove', ['serve', '--port', '0', '--data-dir', dataDir], {
      cwd: work, env: { ...env, ALCOVE_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const output: string[] = [];
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
    try {
      const url = await listeningUrl(child, output, undefined, 20_000);
      const credentials = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      const client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
      const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'from-the-tarball' }));
      assert.match(UserPool!.Id!, /^us-east-1_\w+$/);
      const described = await client.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }));
      assert.equal(described.UserPool?.Name, 'from-the-tarball');
      client.destroy();
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, `exit code after SIGTERM:\n${output.join('\n')}`);
  });
});
