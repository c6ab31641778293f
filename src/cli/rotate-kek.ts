/** `alcove rotate-kek`: re-seal stored secrets under the active key-encryption key. */
import type { Settings } from '../config.ts';
import { loadKeyVault } from '../crypto/key-vault.ts';
import { openStore } from '../storage/open.ts';
import { resealStaleSecrets } from '../userPools/reseal-secrets.ts';

export async function rotateKek(settings: Settings): Promise<void> {
  if (!settings.kek) throw new Error('rotate-kek needs ALCOVE_KEK=<newId>:<base64>,<oldId>:<base64> (new key first)');
  const { vault } = loadKeyVault({ kek: settings.kek, dataDir: settings.dataDir });
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
  try {
    const report = await resealStaleSecrets(store, vault);
    for (const [column, { scanned, resealed }] of Object.entries(report)) {
      process.stdout.write(`${column}: ${resealed} re-sealed of ${scanned}\n`);
    }
    process.stdout.write(`every secret is now sealed under key ${vault.activeKeyId}\n`);
  } finally {
    await store.close();
  }
}
