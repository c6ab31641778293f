/**
 * The statements each sign-in flow (and SignUp, AdminCreateUser) sends to PostgreSQL, counted per operation:
 * `node --import tsx bench/pg-round-trips.ts <postgres url> [--calls N] [--show]`.
 *
 * Runs one Alcove server in this process on that database (the caller's, kept), with `pg`'s
 * `Client.prototype.query` wrapped to record each statement a connection sends (every one is a
 * round trip: `BEGIN` and `COMMIT` included), then calls each flow `--calls` times (default 20)
 * one at a time, after one warm-up call, and prints the statements per call; `--show` lists
 * one call's statements. Caches warm up as in service: the counts are a steady state's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type Pg from 'pg';
import { resolveSettings } from '../src/config.ts';
import { startServer } from '../src/server/start.ts';
import { createClient, createPool, createUser, EMAIL_ALIAS_POOL, PASSWORD, getUser, passwordSignIn, randomUsername, refresh, srpSignIn } from './harness/cognito.ts';
import { CognitoHttp } from './harness/http.ts';
import { SigV4Signer } from './harness/sigv4-signer.ts';
import { SrpClient } from './harness/srp-client.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2), allowPositionals: true, options: { calls: { type: 'string' }, show: { type: 'boolean' } },
});
const url = positionals[0];
if (!url?.startsWith('postgres')) {
  process.stderr.write('usage: node --import tsx bench/pg-round-trips.ts <postgres url> [--calls N] [--show]\n');
  process.exit(2);
}
const calls = Number(values.calls ?? 20);

let recording: string[] | undefined;
const pg = createRequire(import.meta.url)('pg') as typeof Pg;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function recorded(this: Pg.Client, ...args: unknown[]) {
  const config = args[0] as string | { text?: string; name?: string };
  recording?.push((typeof config === 'string' ? config : config.text ?? config.name ?? '?').replace(/\s+/g, ' '));
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-round-trips-'));
const settings = resolveSettings([{
  port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', addressRateLimit: 0, databaseUrl: url,
  kek: `round-trips:${Buffer.alloc(32, 9).toString('base64')}`,
}]);
const server = await startServer(settings);
const key = server.accessKeys[0]!;
const api = new CognitoHttp(server.url, 1, new SigV4Signer({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }));
try {
  const { poolId, poolName } = await createPool(api, `round-trips-${Date.now()}`, EMAIL_ALIAS_POOL);
  const clientId = await createClient(api, poolId);
  const username = randomUsername();
  await createUser(api, poolId, username);
  const tokens = await passwordSignIn(api, clientId, username);
  const srp = new SrpClient(poolName);
  const flows: [string, () => Promise<unknown>][] = [
    ['USER_SRP_AUTH (both steps)', () => srpSignIn(api, api, srp, clientId, username)],
    ['USER_PASSWORD_AUTH', () => passwordSignIn(api, clientId, username)],
    ['REFRESH_TOKEN_AUTH', () => refresh(api, clientId, tokens.RefreshToken)],
    ['GetUser', () => getUser(api, tokens.AccessToken)],
    ['AdminGetUser (SigV4)', () => api.call('AdminGetUser', { UserPoolId: poolId, Username: username })],
    // The directory writes: with the message sender's statements when its pass lands within the wait.
    ['SignUp', () => {
      const name = randomUsername();
      return api.call('SignUp', { ClientId: clientId, Username: name, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }] });
    }],
    ['AdminCreateUser (SigV4)', () => {
      const name = randomUsername();
      return api.call('AdminCreateUser', {
        UserPoolId: poolId, Username: name, DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }],
      });
    }],
  ];
  console.log(`${'flow'.padEnd(28)} statements a call (over ${calls} calls)`);
  for (const [name, call] of flows) {
    await call();
    const seen: string[][] = [];
    for (let i = 0; i < calls; i++) {
      recording = [];
      await call();
      // The answer is sent before a transaction's connection goes back to the pool: let it settle.
      await new Promise((r) => setTimeout(r, 5));
      seen.push(recording);
      recording = undefined;
    }
    const total = seen.reduce((n, s) => n + s.length, 0);
    console.log(`${name.padEnd(28)} ${(total / calls).toFixed(2)} (min ${Math.min(...seen.map((s) => s.length))}, max ${Math.max(...seen.map((s) => s.length))})`);
    if (values.show) for (const text of seen.at(-1)!) console.log(`    ${text.slice(0, 220)}`);
  }
} finally {
  api.close();
  await server.close(0);
  rmSync(dataDir, { recursive: true, force: true });
}
