/** `alcove serve | migrate | messages`: the command line. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { envName, readConfigFile, resolveSettings, settingsFromEnv, type Settings } from '../config.ts';

const HELP = `alcove — a self-hosted identity server that speaks the Amazon Cognito API

Usage:
  alcove serve [options]      start the server
  alcove migrate [options]    apply database migrations and exit
  alcove messages [options]   list the codes and invitations sent (newest first)
  alcove apply --config FILE [--plan]
                              bring the database to the pools, clients, groups and users of
                              the config file (as every start does), one line per change;
                              --plan prints the changes and writes nothing
  alcove rotate-kek [options] re-seal every stored secret under the first key of ALCOVE_KEK
                              (put the new key first, keep the old one after it, run this,
                              then drop the old key once it reports nothing left to re-seal);
                              on SQLite without ALCOVE_KEK it generates the new key, and it
                              keeps <data-dir>/kek up to date
  alcove rotate-signing-keys --pool ID | --identity-pools
                              new token signing keys for a pool (or the key of the identity
                              pools' OpenID tokens); the old ones stay published until their
                              tokens expire
  alcove revoke-credentials --access-key-id ASIA… | --role-arn ARN [--session-name NAME]
                              end temporary credentials STS issued (one key, a role session,
                              or every session of a role), on every node at once
  alcove --help

Options (each also settable as an environment variable, shown in brackets):
  --port N            port to listen on, 0 for any free port (default 9229) [${envName('port')}]
  --host H            interface to listen on (default 127.0.0.1; 0.0.0.0 for all) [${envName('host')}]
  --data-dir DIR      where SQLite, the key-encryption key and generated credentials live
                      (default ./data) [${envName('dataDir')}]
  --database-url URL  postgres://… to use PostgreSQL instead of SQLite [${envName('databaseUrl')}]
  --public-url URL    the URL clients reach this server at; token issuers and discovery
                      documents are built from it (default http://<host>:<port>) [${envName('publicUrl')}]
  --region R          region in pool ids and ARNs (default us-east-1) [${envName('region')}]
  --account-id N      12-digit account id in ARNs (default 000000000000) [${envName('accountId')}]
  --config FILE       YAML or JSON file of settings and of pools, clients, groups and users,
                      applied at every start as desired state [ALCOVE_CONFIG]
  --issuer-style S    url: iss = <public-url>/<poolId> (default); cognito: iss =
                      https://cognito-idp.<region>.amazonaws.com/<poolId> [${envName('issuerStyle')}]
  --dev               development mode: accept any request signature, allow fixed codes;
                      never expose a dev server [${envName('dev')}]
  --dev-fixed-code C  development only: every verification code sent is C (6 digits)
                      [${envName('devFixedCode')}]
  --dev-allowed-origins O  development only: web origins (comma-separated) whose pages may
                      call admin operations; others are refused [${envName('devAllowedOrigins')}]
  --quotas            enforce Cognito's request-rate quotas per API category
                      (TooManyRequestsException), across nodes [${envName('quotas')}]
  --trusted-proxies P addresses/CIDRs (comma-separated) of proxies whose X-Forwarded-For
                      names the client (default none) [${envName('trustedProxies')}]
  --tls-cert FILE, --tls-key FILE  serve HTTPS with this certificate chain and key (PEM)
                      [${envName('tlsCert')}, ${envName('tlsKey')}]
  --tls self-signed   serve HTTPS with a development certificate made and kept in the data
                      directory (localhost, 127.0.0.1, ::1, the public URL's host) [${envName('tls')}]
  --log-level L       fatal|error|warn|info|debug|trace|silent (default info) [${envName('logLevel')}]
Other settings by environment only: ${envName('accessKeyId')} / ${envName('secretAccessKey')} (the key that
signs admin calls; generated into the data directory when unset), ${envName('kek')} (key-encryption key,
base64 of 32 bytes; generated into the data directory when unset), ${envName('smtpUrl')} and
${envName('smtpFrom')} (email delivery), ${envName('smsWebhookUrl')} (SMS delivery), ${envName('signingKeyRotationDays')}
(rotate every pool's token signing keys once they are this many days old; default 0: never by
itself), ${envName('databasePoolSize')}
(PostgreSQL connections per node, default 10), ${envName('shutdownDrainMs')} (at SIGTERM, how
long /ready answers 503 while requests are still served; set it above your load balancer's health
check interval), ${envName('requestTimeoutMs')} (a request not fully received in this is closed,
default 30000), ${envName('keepAliveTimeoutMs')} (default 65000), ${envName('maxConnections')} (default 10000),
${envName('maxConnectionsPerAddress')} (default 256, 0 for none), ${envName('addressRateLimit')}
(unauthenticated calls per second per client address, per node; default 100, 0 for none),
${envName('metricsToken')} (GET /metrics then wants \`Authorization: Bearer <token>\`),
${envName('domainBase')} (prefix domains are served as <prefix>.auth.<region>.<base>; default
amazoncognito.com), ${envName('identityPoolsPerAccount')} (identity pools the account may have,
default 1000).
${envName('functionWorkers')} (worker threads running Lambda trigger modules, default 4). Where each
Lambda trigger ARN runs is set by the config file's \`functions\` map (docs/triggers.md).

messages options: --pool ID, --to DESTINATION, --limit N (default 20), --json
`;

const options = {
  port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' },
  'public-url': { type: 'string' }, region: { type: 'string' }, 'account-id': { type: 'string' }, config: { type: 'string' },
  'issuer-style': { type: 'string' }, dev: { type: 'boolean' }, 'dev-fixed-code': { type: 'string' },
  'dev-allowed-origins': { type: 'string' }, quotas: { type: 'boolean' }, 'trusted-proxies': { type: 'string' },
  'log-level': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, tls: { type: 'string' }, pool: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' },
  json: { type: 'boolean' }, plan: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  'access-key-id': { type: 'string' }, 'role-arn': { type: 'string' }, 'session-name': { type: 'string' },
  'identity-pools': { type: 'boolean' },
} as const;

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function loadSettings(values: Record<string, unknown>): Settings {
  const flags: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (['config', 'pool', 'to', 'limit', 'json', 'plan', 'help', 'access-key-id', 'role-arn', 'session-name', 'identity-pools'].includes(key) || value === undefined) continue;
    flags[camel(key)] = value;
  }
  const configFile = (values.config as string | undefined) ?? process.env.ALCOVE_CONFIG;
  const fileLayer = configFile ? readConfigFile(configFile) : {};
  return resolveSettings([fileLayer, settingsFromEnv(process.env), flags]);
}

/**
 * The commands other than `serve` work on what a server stored: a data directory that is not
 * there is a wrong --data-dir or working directory, not a first start, so it is refused rather
 * than created empty. It is needed for SQLite, or when the key-encryption key comes from it.
 */
function requireDataDir(settings: Settings, readsKek: boolean): void {
  const used = !settings.databaseUrl || (readsKek && !settings.kek);
  if (used && settings.dataDir !== ':memory:' && !existsSync(settings.dataDir)) {
    throw new Error(`data directory ${path.resolve(settings.dataDir)} does not exist: name the server's with --data-dir (or ${envName('dataDir')})`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const command = positionals[0];
  if (values.help || !command || command === 'help') {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 1;
  }
  const settings = loadSettings(values);
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.ts');
      await serve(settings);
      return -1; // keeps running
    }
    case 'migrate': {
      requireDataDir(settings, false);
      const { openStore } = await import('../storage/open.ts');
      const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
      await store.close();
      process.stdout.write('migrations applied\n');
      return 0;
    }
    case 'messages': {
      requireDataDir(settings, true);
      const { printMessages } = await import('./messages.ts');
      await printMessages(settings, {
        poolId: values.pool, destination: values.to, limit: values.limit ? Number(values.limit) : 20, json: values.json ?? false,
      });
      return 0;
    }
    case 'apply': {
      if (!values.config && !process.env.ALCOVE_CONFIG) throw new Error('apply needs --config FILE (or ALCOVE_CONFIG)');
      const { applyConfigFile } = await import('./apply.ts');
      await applyConfigFile(settings, { plan: values.plan ?? false });
      return 0;
    }
    case 'rotate-signing-keys': {
      const { rotateIdentitySigningKey, rotatePoolSigningKeys } = await import('./rotate-signing-keys.ts');
      if (values['identity-pools']) await rotateIdentitySigningKey(settings);
      else await rotatePoolSigningKeys(settings, values.pool);
      return 0;
    }
    case 'revoke-credentials': {
      requireDataDir(settings, true);
      const { revokeCredentials } = await import('./revoke-credentials.ts');
      await revokeCredentials(settings, { accessKeyId: values['access-key-id'], roleArn: values['role-arn'], sessionName: values['session-name'] });
      return 0;
    }
    case 'rotate-kek': {
      requireDataDir(settings, true);
      const { rotateKek } = await import('./rotate-kek.ts');
      await rotateKek(settings);
      return 0;
    }
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}`);
      return 1;
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (e) {
  process.stderr.write(`alcove: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
