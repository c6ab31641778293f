/**
 * What the commands that act on the database without serving (`apply`, `rotate-signing-keys`)
 * need: the store and the key vault, checked as the server checks them at start (a keyring that
 * cannot open the database's secrets is refused), and the services the domain's handlers take.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { kmsKeysOf, publicUrlOf, type Settings } from '../config.ts';
import { functionRunners } from '../adapters/functions/index.ts';
import { loadKeyVault } from '../crypto/key-vault.ts';
import { openStore } from '../storage/open.ts';
import { systemClock, type Services } from '../kernel/context.ts';
import { newUserPoolCaches } from '../userPools/caches.ts';
import { checkKeyring, KeyringMismatch } from '../userPools/kek-check.ts';

export async function offlineServices(settings: Settings, options: { readOnly?: boolean } = {}): Promise<Services> {
  if (options.readOnly && !settings.kek && !settings.databaseUrl && !existsSync(path.join(settings.dataDir, 'kek'))) {
    throw new Error(`no key-encryption key: ${path.join(settings.dataDir, 'kek')} does not exist and ALCOVE_KEK is not set`);
  }
  const { vault } = loadKeyVault({ kek: settings.kek, dataDir: settings.dataDir, requireConfigured: Boolean(settings.databaseUrl) });
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
  try {
    await checkKeyring(store, vault, systemClock.now(), { readOnly: options.readOnly ?? false });
  } catch (e) {
    await store.close();
    if (e instanceof KeyringMismatch) throw new Error(`${e.message}; set ALCOVE_KEK to the keyring the server uses`);
    throw e;
  }
  const log = pino({ level: settings.logLevel === 'info' ? 'warn' : settings.logLevel }, process.stderr);
  return {
    store,
    vault,
    clock: systemClock,
    log,
    settings: {
      region: settings.region,
      accountId: settings.accountId,
      publicUrl: publicUrlOf(settings, settings.port),
      issuerStyle: settings.issuerStyle,
      domainBase: settings.domainBase,
      dev: settings.dev,
      devFixedCode: settings.devFixedCode,
      sts: { trustUnknownRoles: settings.iam.trustUnknownRoles, trustedIssuers: settings.sts.trustedIssuers },
      kmsKeys: kmsKeysOf(settings),
    },
    // The servers' senders deliver what is queued here (they poll the outbox).
    notifyOutbox: () => {},
    caches: newUserPoolCaches(),
    // The command's handlers run the pools' triggers as the servers do (module workers do not
    // keep the process alive).
    invokeTrigger: functionRunners(settings.functions, { workers: 1, region: settings.region, log }).invoke,
  };
}
