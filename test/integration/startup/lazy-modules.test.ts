/**
 * Start-up stays lean (issue 13): a node that serves, with no config file, no SMTP and no
 * PostgreSQL, loads none of the packages that only some features use until a call needs one.
 * `alcove serve` runs as a child with a load hook that records every module it loads; a passkey
 * call (StartWebAuthnRegistration) and a scrape of /metrics then load theirs.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand,
  InitiateAuthCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ALCOVE, listeningUrl } from '../../helpers/cli.ts';

/** Packages that only some features use, and the feature that loads each. */
const FEATURE_ONLY = {
  '@simplewebauthn/server': 'passkeys',
  otpauth: 'TOTP',
  qrcode: 'the TOTP set-up page',
  yaml: 'a YAML config file',
  'prom-client': 'a /metrics scrape',
  ajv: 'a route with a JSON schema',
  nodemailer: 'SMTP',
  pg: 'PostgreSQL',
  '@aws-sdk/client-lambda': 'Lambda triggers',
} as const;

/** Loaded by the child: writes the URL of every module it loads to ALCOVE_TEST_MODULES_FILE at exit. */
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import module from 'node:module';
import { writeFileSync } from 'node:fs';
const urls = [];
module.registerHooks({ load(url, context, next) { urls.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.ALCOVE_TEST_MODULES_FILE, urls.join('\\n')));
`)}`;

const packagesIn = (urls: string[]): Set<string> =>
  new Set(urls.flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));

/** `alcove serve --dev` on SQLite with no config file, SMTP or other setting from this environment. */
function serve(dir: string, modulesFile: string): ChildProcess {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ALCOVE_')));
  return spawn(process.execPath, ['--import', RECORDER, ...ALCOVE, 'serve', '--port', '0', '--data-dir', path.join(dir, 'data'), '--dev'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ALCOVE_TEST_MODULES_FILE: modulesFile },
  });
}

/** Stops the child (SIGTERM: the recorder writes at exit) and gives the packages it loaded. */
async function stop(child: ChildProcess, modulesFile: string): Promise<Set<string>> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return packagesIn(readFileSync(modulesFile, 'utf8').split('\n'));
}

describe('start-up loads only what serving needs', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'alcove-lazy-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a node that is only started has loaded none of the feature-only packages', async () => {
    const modulesFile = path.join(dir, 'started.txt');
    const child = serve(path.join(dir, 'started'), modulesFile);
    try {
      const url = await listeningUrl(child);
      assert.equal((await fetch(`${url}/ready`)).status, 200);
      const loaded = await stop(child, modulesFile);
      assert.ok(loaded.has('fastify') && loaded.has('kysely'), 'the recorder saw the packages serving needs');
      const early = Object.entries(FEATURE_ONLY).filter(([name]) => loaded.has(name)).map(([name, feature]) => `${name} (${feature})`);
      assert.deepEqual(early, [], 'loaded at start although only a feature uses them');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('a passkey call and a scrape of /metrics load their packages when they come', async () => {
    const modulesFile = path.join(dir, 'used.txt');
    const child = serve(path.join(dir, 'used'), modulesFile);
    let client: CognitoIdentityProviderClient | undefined;
    try {
      const url = await listeningUrl(child);
      // --dev: any signature is accepted.
      client = new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIALAZY', secretAccessKey: 'lazy' } });
      const pool = await client.send(new CreateUserPoolCommand({
        PoolName: 'lazy', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      }));
      const poolId = pool.UserPool!.Id!;
      await client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: 'localhost' } }));
      const app = await client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ada', MessageAction: 'SUPPRESS' }));
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ada', Password: 'Passw0rd!long', Permanent: true }));
      const signedIn = await client.send(new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: app.UserPoolClient!.ClientId!, AuthParameters: { USERNAME: 'ada', PASSWORD: 'Passw0rd!long' },
      }));
      const started = await client.send(new StartWebAuthnRegistrationCommand({ AccessToken: signedIn.AuthenticationResult!.AccessToken! }));
      assert.ok(started.CredentialCreationOptions);
      const scraped = await fetch(`${url}/metrics`);
      assert.equal(scraped.status, 200);
      assert.match(await scraped.text(), /process_cpu_seconds_total/);

      const loaded = await stop(child, modulesFile);
      assert.ok(loaded.has('@simplewebauthn/server'), 'the passkey call loaded @simplewebauthn/server');
      assert.ok(loaded.has('prom-client'), 'the scrape loaded prom-client');
    } finally {
      client?.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
