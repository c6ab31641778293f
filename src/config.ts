/**
 * One settings schema, defaults beside it. Settings come from (later wins): defaults, the
 * config file (`--config`, YAML or JSON), `ALCOVE_*` environment variables, command-line flags.
 * Each concern receives only the slice it needs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Yaml from 'yaml';
import { z } from 'zod';

const seedUser = z.object({
  username: z.string().min(1),
  password: z.string().min(1).optional(),
  attributes: z.record(z.string(), z.string()).default({}),
  groups: z.array(z.string()).default([]),
  /** Confirmed users can sign in at once; FORCE_CHANGE_PASSWORD ones must pick a new password. */
  status: z.enum(['CONFIRMED', 'FORCE_CHANGE_PASSWORD']).default('CONFIRMED'),
  /**
   * An existing user's password is never changed by the file, unless this is set: then the
   * password (and status) above are set again whenever the stored ones differ.
   */
  resetPassword: z.boolean().default(false),
}).strict().refine((u) => !u.resetPassword || u.password !== undefined, { message: 'resetPassword needs a password', path: ['resetPassword'] });

const seedClient = z.object({
  name: z.string().min(1),
  /** Fix the id so that apps' configs can name it; generated when absent. */
  id: z.string().regex(/^[\w+]{1,128}$/).optional(),
  secret: z.string().regex(/^[\w+]{1,64}$/).optional(),
  generateSecret: z.boolean().default(false),
  /** An existing client's secret is never changed by the file, unless this is set with `secret`. */
  replaceSecret: z.boolean().default(false),
  /** Any other CreateUserPoolClient member, as the API takes it. */
  settings: z.record(z.string(), z.unknown()).default({}),
}).strict().refine((c) => !c.replaceSecret || c.secret !== undefined, { message: 'replaceSecret needs a secret', path: ['replaceSecret'] });

const seedPool = z.object({
  name: z.string().min(1),
  /** Fix the id (`<region>_<alnum>`) so that apps' configs can name it; generated when absent. */
  id: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/).optional(),
  /** Any other CreateUserPool member, as the API takes it. */
  settings: z.record(z.string(), z.unknown()).default({}),
  clients: z.array(seedClient).default([]),
  groups: z.array(z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    precedence: z.number().int().min(0).optional(),
    roleArn: z.string().optional(),
  }).strict()).default([]),
  users: z.array(seedUser).default([]),
}).strict();

/** An IAM role the config file declares (created when missing, its trust and inline policies kept as the file says). */
const seedRole = z.object({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  path: z.string().regex(/^\/([\x21-\x7E]{0,510}\/)?$/).default('/'),
  description: z.string().max(1000).optional(),
  /** The trust policy, as an object or its JSON text. */
  trustPolicy: z.union([z.string(), z.record(z.string(), z.unknown())]),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  /** Inline permission policies by name. */
  policies: z.record(z.string().regex(/^[\w+=,.@-]{1,128}$/), z.union([z.string(), z.record(z.string(), z.unknown())])).default({}),
}).strict();

const trustedIssuer = z.object({
  /** The tokens' `iss`, exactly. */
  issuer: z.string().url(),
  /** Default: the `jwks_uri` of the issuer's OpenID discovery document. */
  jwksUri: z.string().url().optional(),
  /** Accepted `aud` values (client ids); any when absent. */
  audiences: z.array(z.string().min(1)).optional(),
}).strict();
/**
 * Where a Lambda trigger's ARN runs: a JavaScript module (in a worker thread; `handler` is the
 * export, default `handler`; a relative path is relative to the config file), an HTTP endpoint
 * (JSON POST signed with HMAC-SHA256 under `secret`), or AWS Lambda itself (Invoke through the
 * AWS SDK; `endpoint` overrides the service URL).
 */
const functionTarget = z.union([
  z.object({ module: z.string().min(1), handler: z.string().regex(/^[\w$]+$/).default('handler') }).strict(),
  z.object({ url: z.string().url(), secret: z.string().min(16) }).strict(),
  z.object({
    lambda: z.object({ region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/), endpoint: z.string().url().optional() }).strict(),
  }).strict(),
]);
export type FunctionTarget = z.infer<typeof functionTarget>;

const settingsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(9229),
  host: z.string().default('127.0.0.1'),
  dataDir: z.string().default('./data'),
  /** The URL clients reach this server at; issuer and discovery URLs are built from it. */
  publicUrl: z.string().url().optional(),
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/).default('us-east-1'),
  accountId: z.string().regex(/^\d{12}$/).default('000000000000'),
  /** `postgres://…` selects PostgreSQL; absent means SQLite under dataDir. */
  databaseUrl: z.string().optional(),
  /** PostgreSQL: the most connections one node opens (every node has its own pool). */
  databasePoolSize: z.coerce.number().int().min(1).max(1000).default(10),
  /** At SIGTERM, how long /ready answers 503 while requests are still served, before closing. */
  shutdownDrainMs: z.coerce.number().int().min(0).max(300_000).default(0),
  accessKeyId: z.string().min(16).max(128).optional(),
  secretAccessKey: z.string().min(16).optional(),
  /** Development mode: any SigV4 signature is accepted and fixed codes are allowed. */
  dev: z.coerce.boolean().default(false),
  /** Development only: every verification code sent is this value (deterministic e2e tests). */
  devFixedCode: z.string().regex(/^\d{6}$/).optional(),
  /**
   * Development only: web origins (`http://localhost:3000`, comma-separated) whose pages may call
   * admin operations cross-origin; any other origin is refused them.
   */
  devAllowedOrigins: z.string().default(''),
  /** A request (headers and body) not fully received within this is closed. */
  requestTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** An idle kept-alive connection is closed after this (above load balancers' usual 60 s). */
  keepAliveTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(65_000),
  /** Open connections one node accepts; beyond it new connections are closed at once. */
  maxConnections: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Open connections from one client address (trusted proxies exempt); 0 for no cap. */
  maxConnectionsPerAddress: z.coerce.number().int().min(0).max(1_000_000).default(256),
  /**
   * Proxies (addresses or CIDRs, comma-separated) whose `X-Forwarded-For` names the client;
   * without it the client is the connection's peer and the header is ignored.
   */
  trustedProxies: z.string().default(''),
  /** Unauthenticated operations per second from one client address, per node; 0 for no limit. */
  addressRateLimit: z.coerce.number().int().min(0).max(1_000_000).default(100),
  /** Enforce Cognito's request-rate quotas per category (TooManyRequestsException), across nodes. */
  quotas: z.coerce.boolean().default(false),
  smtpUrl: z.string().optional(),
  smtpFrom: z.string().default('no-reply@alcove.local'),
  smsWebhookUrl: z.string().url().optional(),
  /** `url`: iss = <publicUrl>/<poolId>; `cognito`: iss = https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  issuerStyle: z.enum(['url', 'cognito']).default('url'),
  /** Prefix domains are served as `<prefix>.auth.<region>.<domainBase>` (routed by the Host header). */
  domainBase: z.string().regex(/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/).default('amazoncognito.com'),
  /** Base64 256-bit key-encryption key; generated into dataDir when absent. */
  kek: z.string().optional(),
  /** When set, GET /metrics wants `Authorization: Bearer <metricsToken>`; otherwise it is open (protect it at the proxy). */
  metricsToken: z.string().min(16).optional(),
  /** Rotate every pool's token signing keys once they are this many days old; 0: only by `alcove rotate-signing-keys`. */
  signingKeyRotationDays: z.coerce.number().int().min(0).max(3650).default(0),
  /** TLS: the listener's certificate chain and private key (PEM files); both or neither. */
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  /** `self-signed`: TLS with a certificate made for development and kept in dataDir. */
  tls: z.enum(['self-signed']).optional(),
  /** Identity pools an account may have (Cognito's quota: 1,000); CreateIdentityPool beyond it is LimitExceededException. */
  identityPoolsPerAccount: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** How long a managed-login session (the hosted UI's cookie) gives single sign-on, in seconds. */
  managedLoginSessionSeconds: z.coerce.number().int().min(60).max(86_400).default(3600),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  pools: z.array(seedPool).default([]),
  /** IAM: roles from the file; `trustUnknownRoles` (development only) lets STS issue credentials for roles Alcove does not know. */
  iam: z.object({
    trustUnknownRoles: z.boolean().default(false),
    roles: z.array(seedRole).default([]),
  }).strict().default({ trustUnknownRoles: false, roles: [] }),
  /**
   * Identity pools whose GetCredentialsForIdentity brokers credentials from an external STS
   * (AWS, or an S3-compatible store): identity pool id → that STS's AssumeRoleWithWebIdentity URL.
   */
  identityPools: z.object({
    credentialBrokers: z.record(z.string().regex(/^[\w-]+:[0-9a-f-]+$/), z.object({ stsEndpoint: z.string().url() }).strict()).default({}),
  }).strict().default({ credentialBrokers: {} }),
  /** STS: external OpenID Connect issuers whose ID tokens AssumeRoleWithWebIdentity accepts. */
  sts: z.object({
    trustedIssuers: z.array(trustedIssuer).default([]),
  }).strict().default({ trustedIssuers: [] }),
  /** Lambda triggers: the ARN as written in a pool's LambdaConfig → where that function runs. */
  functions: z.record(z.string().min(1), functionTarget).default({}),
  /**
   * Keys standing in for KMS: a pool's LambdaConfig KMSKeyID (as written there) → a 256-bit key
   * (base64) that encrypts the codes given to its CustomEmailSender / CustomSMSSender.
   */
  kmsKeys: z.record(z.string().min(1), z.string().refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), {
    message: 'must be the base64 of 32 bytes',
  })).default({}),
  /** Module triggers: worker threads running handlers at once (each runs one invocation at a time). */
  functionWorkers: z.coerce.number().int().min(1).max(256).default(4),
}).strict();

export type Settings = z.infer<typeof settingsSchema>;
export type SeedPool = z.infer<typeof seedPool>;
export type SeedRole = z.infer<typeof seedRole>;

/** Environment variable for each setting: `ALCOVE_` + SCREAMING_SNAKE of the key. */
export const envName = (key: string): string => `ALCOVE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const envKeys = Object.keys(settingsSchema.shape).filter((k) => k !== 'pools' && k !== 'iam' && k !== 'sts' && k !== 'identityPools' && k !== 'functions' && k !== 'kmsKeys');

export function settingsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of envKeys) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

/** `yaml`, loaded only to read a YAML config file (~70 modules a start without one does not need). */
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as typeof Yaml).parse(text);

export function readConfigFile(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const parsed: unknown = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: the config file must hold an object of settings`);
  }
  const settings = parsed as Record<string, unknown>;
  resolveModulePaths(settings, path.dirname(path.resolve(file)));
  return settings;
}

/** The `functions` map's module paths, made absolute against `base` (the config file's folder). */
function resolveModulePaths(layer: Record<string, unknown>, base: string): void {
  const functions = layer['functions'];
  if (functions === null || typeof functions !== 'object' || Array.isArray(functions)) return;
  for (const target of Object.values(functions as Record<string, unknown>)) {
    if (target === null || typeof target !== 'object') continue;
    const t = target as Record<string, unknown>;
    if (typeof t['module'] === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(t['module'])) t['module'] = path.resolve(base, t['module']);
  }
}

/** Merge the layers and validate; throws a readable error naming each bad setting. */
export function resolveSettings(layers: Record<string, unknown>[]): Settings {
  const merged = Object.assign({}, ...layers) as Record<string, unknown>;
  for (const flag of ['dev', 'quotas'] as const) {
    if (typeof merged[flag] === 'string') merged[flag] = merged[flag] === 'true' || merged[flag] === '1';
  }
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid settings:\n${lines.join('\n')}`);
  }
  const settings = result.data;
  if (settings.devFixedCode && !settings.dev) {
    throw new Error('devFixedCode is a development setting: it is refused unless dev mode is on (--dev / ALCOVE_DEV=true)');
  }
  if (settings.devAllowedOrigins && !settings.dev) {
    throw new Error('devAllowedOrigins is a development setting: it is refused unless dev mode is on (--dev / ALCOVE_DEV=true)');
  }
  if (Boolean(settings.tlsCert) !== Boolean(settings.tlsKey)) throw new Error('invalid settings: tlsCert and tlsKey go together');
  if (settings.tls && settings.tlsCert) throw new Error('invalid settings: tls self-signed and tlsCert/tlsKey are alternatives');
  if (settings.iam.trustUnknownRoles && !settings.dev) {
    throw new Error('iam.trustUnknownRoles is a development setting: it is refused unless dev mode is on (--dev / ALCOVE_DEV=true)');
  }
  settings.dataDir = path.resolve(settings.dataDir);
  // Paths not from a config file (flags, tests) are relative to the working directory.
  resolveModulePaths(settings as unknown as Record<string, unknown>, process.cwd());
  return settings;
}

/** The `kmsKeys` setting as keys (KMSKeyID → 32 bytes). */
export function kmsKeysOf(settings: Pick<Settings, 'kmsKeys'>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(settings.kmsKeys).map(([id, key]) => [id, Buffer.from(key, 'base64')]));
}

export const publicUrlOf = (s: Settings, port: number): string =>
  (s.publicUrl ?? `${s.tls || s.tlsCert ? 'https' : 'http'}://${s.host === '0.0.0.0' || s.host === '::' ? 'localhost' : s.host}:${port}`).replace(/\/+$/, '');

/** A comma-separated setting as a list, blanks dropped. */
export const listSetting = (value: string): string[] => value.split(',').map((v) => v.trim()).filter((v) => v !== '');
