/**
 * Composition root: builds every service from the settings, starts the HTTP server and the
 * background workers, and gives back a handle to stop them. The CLI and the tests both use it.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { kmsKeysOf, listSetting, publicUrlOf, type Settings } from '../config.ts';
import { runCustomSender } from '../userPools/messages/custom-sender.ts';
import { functionRunners } from '../adapters/functions/index.ts';
import { loadKeyVault } from '../crypto/key-vault.ts';
import { identityPoolsTable } from '../operations/identity-pools.ts';
import { userPoolsTable } from '../operations/user-pools.ts';
import { RequestQuotas } from '../quotas/limiter.ts';
import { applySeed } from '../seed/apply.ts';
import { openStore } from '../storage/open.ts';
import type { Store } from '../storage/store.ts';
import { systemClock, type Clock, type Services } from '../kernel/context.ts';
import { newUserPoolCaches } from '../userPools/caches.ts';
import { checkKeyring, KeyringMismatch, refusalMessage } from '../userPools/kek-check.ts';
import { SigningKeyRotation } from '../workers/key-rotation.ts';
import { startKeyReserve } from '../userPools/tokens/signing-keys.ts';
import { ExpirySweeper } from '../workers/expiry-sweeper.ts';
import { MessageSender } from '../workers/outbox-sender.ts';
import { buildApp } from './app.ts';
import { tlsOptions } from './tls.ts';
import { iamAuthenticator } from './auth/iam.ts';
import { loadAccessKeys, type AccessKey } from './credentials.ts';
import { countSignIns, Metrics } from './metrics.ts';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  accessKeys: AccessKey[];
  /**
   * Stops the node: /ready turns 503 at once; after `drainMs` (time for load balancers to notice)
   * no new connections are accepted, in-flight requests finish, the sender stops, the pool closes.
   */
  close(drainMs?: number): Promise<void>;
}

interface StartOptions {
  log?: Logger;
  clock?: Clock;
  /** Run the expiry sweeper in the background (default true). */
  sweep?: boolean;
}

export async function startServer(settings: Settings, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: settings.logLevel, base: { service: 'alcove' } });
  const clock = options.clock ?? systemClock;
  const { vault, generatedAt: kekFile } = loadKeyVault({
    kek: settings.kek, dataDir: settings.dataDir, requireConfigured: Boolean(settings.databaseUrl),
  });
  if (kekFile) log.warn({ file: kekFile }, 'generated a key-encryption key; back it up: without it the secrets in the database cannot be read');
  const { keys, generatedAt: credentialsFile } = loadAccessKeys(settings);
  if (credentialsFile) log.warn({ file: credentialsFile, accessKeyId: keys[0]?.accessKeyId }, 'generated an access key for IAM-signed (admin) operations');
  if (settings.dev) {
    log.warn('DEVELOPMENT MODE: any request signature is accepted and fixed codes are allowed. Never expose this server.');
  }
  if (settings.databaseUrl && !settings.publicUrl && settings.issuerStyle === 'url') {
    // Token issuers are built from the public URL: nodes that each default to their own
    // host:port would refuse one another's tokens.
    log.warn('a shared database without --public-url: set ALCOVE_PUBLIC_URL to the load balancer\'s URL on every node, or tokens issued by one node are refused by the others');
  }

  const store: Store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl, poolSize: settings.databasePoolSize });
  let port = settings.port;
  const userPools = userPoolsTable();
  const identityPools = identityPoolsTable();
  const metrics = new Metrics({ store, clock, log, tables: { AWSCognitoIdentityProviderService: userPools, AWSCognitoIdentityService: identityPools } });
  const sender = new MessageSender({
    store, clock, log, vault, dev: settings.dev, smtpUrl: settings.smtpUrl, smtpFrom: settings.smtpFrom, smsWebhookUrl: settings.smsWebhookUrl,
    onDelivery: (channel, outcome) => metrics.delivery(channel, outcome),
    customSender: (message, call) => runCustomSender(services, message, call),
  });
  const sweeper = new ExpirySweeper({ store, clock, log });
  const functions = functionRunners(settings.functions, { workers: settings.functionWorkers, region: settings.region, log });
  const services: Services = {
    store,
    vault,
    clock,
    log,
    settings: {
      region: settings.region,
      accountId: settings.accountId,
      publicUrl: publicUrlOf(settings, port),
      issuerStyle: settings.issuerStyle,
      domainBase: settings.domainBase,
      dev: settings.dev,
      devFixedCode: settings.devFixedCode,
      sts: { trustUnknownRoles: settings.iam.trustUnknownRoles, trustedIssuers: settings.sts.trustedIssuers },
      kmsKeys: kmsKeysOf(settings),
      identityPoolsPerAccount: settings.identityPoolsPerAccount,
      credentialBrokers: settings.identityPools.credentialBrokers,
    },
    notifyOutbox: () => sender.wake(),
    caches: newUserPoolCaches(),
    invokeTrigger: functions.invoke,
  };

  try {
    await checkKeyring(store, vault, clock.now());
  } catch (e) {
    await functions.close();
    await store.close();
    if (!(e instanceof KeyringMismatch)) throw e;
    // A key generated just now cannot be the one the database's secrets were sealed with.
    if (kekFile) rmSync(kekFile, { force: true });
    throw new Error(refusalMessage(e, { configured: Boolean(settings.kek), file: path.join(settings.dataDir, 'kek'), generated: Boolean(kekFile) }));
  }
  try {
    await applySeed(settings.pools, services, settings.iam.roles);
  } catch (e) {
    await functions.close();
    await store.close();
    throw e;
  }

  let https;
  try {
    const hosts = ['localhost', '127.0.0.1', '::1', ...(settings.publicUrl ? [new URL(settings.publicUrl).hostname.replace(/^\[|\]$/g, '')] : [])];
    https = tlsOptions(settings, [...new Set(hosts)]);
  } catch (e) {
    await store.close();
    throw e;
  }
  if (https?.generated) log.warn({ file: https.certFile }, 'generated a self-signed TLS certificate for development; trust it in your browser or pass it as a CA to clients');

  const lifecycle = { draining: false };
  const app = await buildApp({
    https,
    services,
    log,
    lifecycle,
    metrics: { metrics, token: settings.metricsToken },
    tables: { AWSCognitoIdentityProviderService: countSignIns(userPools, metrics), AWSCognitoIdentityService: identityPools },
    authenticateIam: iamAuthenticator(keys, settings.dev, clock, settings.region),
    accessKeys: keys,
    limits: {
      requestTimeoutMs: settings.requestTimeoutMs,
      keepAliveTimeoutMs: settings.keepAliveTimeoutMs,
      maxConnections: settings.maxConnections,
      maxConnectionsPerAddress: settings.maxConnectionsPerAddress,
      trustedProxies: listSetting(settings.trustedProxies),
    },
    addressRateLimit: settings.addressRateLimit,
    quotas: settings.quotas ? new RequestQuotas(store.quotas, clock) : undefined,
    devAllowedOrigins: settings.dev ? listSetting(settings.devAllowedOrigins) : undefined,
    managedLoginSessionSeconds: settings.managedLoginSessionSeconds,
  });
  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  if (address && typeof address === 'object') port = address.port;
  services.settings.publicUrl = publicUrlOf(settings, port);
  const url = `${https ? 'https' : 'http'}://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}:${port}`;
  log.info({ url, database: store.kind, dataDir: store.kind === 'sqlite' ? settings.dataDir : undefined }, 'alcove is listening');
  sender.start();
  if (options.sweep !== false) sweeper.start();
  const keyRotation = new SigningKeyRotation(services, settings.signingKeyRotationDays);
  keyRotation.start();
  // After listening: the first answer does not wait for it, and new pools' first sign-ins do not wait for RSA generation.
  const stopKeyReserve = startKeyReserve();

  return {
    url,
    port,
    services,
    accessKeys: keys,
    async close(drainMs = 0) {
      lifecycle.draining = true;
      stopKeyReserve();
      if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
      // In-flight requests finish first (new ones are refused), then the sender's pass; the pool
      // closes last, and whatever failed before it, so that no connection outlives the node.
      try {
        await app.close();
        await sender.stop();
        await sweeper.stop();
        await keyRotation.stop();
        await functions.close();
      } finally {
        await store.close();
      }
    },
  };
}
