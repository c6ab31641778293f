/**
 * `alcove rotate-kek`: re-seal stored secrets under the active key-encryption key.
 *
 * With ALCOVE_KEK the keyring is the one given (new key first). On SQLite whose key lives in
 * `<dataDir>/kek`, the command runs without ALCOVE_KEK too: it generates the new key itself; and
 * either way it writes the keyring into `<dataDir>/kek`, so that the server, restarted without
 * ALCOVE_KEK, opens everything. The file keeps the new key, the key a server still running on the
 * old file seals with, and any key something is still sealed under; older keys leave it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config.ts';
import { KeyVault, parseKeyring, type Kek } from '../crypto/key-vault.ts';
import { openStore } from '../storage/open.ts';
import { checkKeyring, forgetUnusedKeys, KeyringMismatch } from '../userPools/kek-check.ts';
import { resealStaleSecrets } from '../userPools/reseal-secrets.ts';

const serialize = (ring: Kek[]): string => ring.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

/** Replaces the key file in one step (mode 0600), so that a crash leaves the old file or the new one. */
function writeKekFile(file: string, ring: Kek[]): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${serialize(ring)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temporary, file);
}

/** `k<n+1>` after the highest `k<n>` of the ring. */
function nextKeyId(ring: Kek[]): string {
  const numbers = ring.map((k) => /^k(\d+)$/.exec(k.id)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `k${Math.max(0, ...numbers) + 1}`;
}

export async function rotateKek(settings: Settings): Promise<void> {
  const file = path.join(settings.dataDir, 'kek');
  const keyFile = !settings.databaseUrl && existsSync(file) ? parseKeyring(readFileSync(file, 'utf8').trim()) : undefined;
  let ring: Kek[];
  if (settings.kek) {
    ring = parseKeyring(settings.kek);
  } else if (keyFile) {
    ring = [{ id: nextKeyId(keyFile), key: randomBytes(32) }, ...keyFile];
  } else {
    throw new Error('rotate-kek needs ALCOVE_KEK=<newId>:<base64>,<oldId>:<base64> (new key first); '
      + 'on SQLite with a key file in the data directory it generates the new key itself');
  }
  const vault = new KeyVault(ring);
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
  try {
    try {
      await checkKeyring(store, vault, Date.now());
    } catch (e) {
      if (e instanceof KeyringMismatch) throw new Error(`${e.message}: every key that sealed something must be in the keyring to re-seal it`);
      throw e;
    }
    // Before re-sealing: a crash half-way leaves a file that opens both old and new values.
    if (keyFile) writeKekFile(file, ring);
    const report = await resealStaleSecrets(store, vault);
    for (const [column, { scanned, resealed }] of Object.entries(report)) {
      process.stdout.write(`${column}: ${resealed} re-sealed of ${scanned}\n`);
    }
    const inUse = await forgetUnusedKeys(store, vault, Date.now());
    const old = inUse.filter((id) => id !== vault.activeKeyId);
    process.stdout.write(old.length === 0
      ? `every secret is now sealed under key ${vault.activeKeyId}\n`
      : `secrets are still sealed under ${old.join(', ')} (changed while this ran): run rotate-kek again\n`);
    if (keyFile) {
      // A server still running on the old file seals with its first key until it restarts.
      const keep = new Set([...inUse, keyFile[0]!.id]);
      const kept = ring.filter((k) => keep.has(k.id));
      writeKekFile(file, kept);
      process.stdout.write(`${file} now holds key ${kept.map((k) => k.id).join(', ')} (the first seals); restart the server to seal with it\n`);
    }
  } finally {
    await store.close();
  }
}
