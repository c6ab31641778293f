/**
 * Fail closed on a wrong key-encryption key. Every key that seals secrets in the database has a
 * canary row (a constant sealed under it); at start a node opens each one and refuses to start
 * when its keyring lacks a key, or holds another key under the same id, naming the key. Without
 * the check such a node would answer ready and then fail every sign-in with a 500.
 *
 * A database without canaries (a new one, or one from before them) is scanned once for the keys
 * its sealed values name; `alcove rotate-kek` drops the canary of a key that no longer seals anything.
 */
import { keyIdOf, type KeyVault } from '../crypto/key-vault.ts';
import type { Store } from '../storage/store.ts';
import { sealedColumns, type SealedColumn } from './sealed/columns.ts';
import type { SealedValue } from './sealed/store.ts';

const CANARY = 'alcove key-encryption key canary';
const canaryContext = (keyId: string): string => `kek-canary:${keyId}`;

/** The keyring cannot open what the database holds; the message names the key. */
export class KeyringMismatch extends Error {
  constructor(message: string, readonly keyId: string) {
    super(message);
    this.name = 'KeyringMismatch';
  }
}

const missing = (keyId: string, vault: KeyVault) => new KeyringMismatch(
  `the database holds secrets sealed under key-encryption key "${keyId}", which the configured keyring `
  + `(${vault.keyIds.map((k) => `"${k}"`).join(', ')}) does not have`, keyId);
const wrong = (keyId: string) => new KeyringMismatch(
  `the configured key-encryption key "${keyId}" is not the key "${keyId}" that sealed the database's secrets (it cannot open them)`, keyId);

/** Every key id that sealed values in the database name, with one value of each and its column. */
async function keysInUse(store: Store, pageSize = 500): Promise<Map<string, { column: SealedColumn; value: SealedValue }>> {
  const found = new Map<string, { column: SealedColumn; value: SealedValue }>();
  for (const column of sealedColumns) {
    let after: string | undefined;
    for (;;) {
      const page = await store.sealed.scan(column, after, pageSize);
      if (page.length === 0) break;
      for (const value of page) {
        const keyId = keyIdOf(value.sealed);
        if (!found.has(keyId)) found.set(keyId, { column, value });
      }
      after = page.at(-1)!.key;
    }
  }
  return found;
}

function opens(vault: KeyVault, sealed: string, context: string): boolean {
  try {
    vault.open(sealed, context);
    return true;
  } catch {
    return false;
  }
}

/** Throws KeyringMismatch unless the keyring opens every key's canary; then records the active key's (unless `readOnly`). */
export async function checkKeyring(store: Store, vault: KeyVault, now: number, options: { readOnly?: boolean } = {}): Promise<void> {
  const canaries = await store.kekCanaries.list();
  if (canaries.length === 0) {
    const inUse = await keysInUse(store);
    for (const [keyId, { column, value }] of inUse) {
      if (!vault.holds(keyId)) throw missing(keyId, vault);
      if (!opens(vault, value.sealed, column.context(value.parts))) throw wrong(keyId);
    }
    if (!options.readOnly) for (const keyId of inUse.keys()) await recordCanary(store, vault, keyId, now);
  }
  for (const canary of canaries) {
    if (!vault.holds(canary.keyId)) throw missing(canary.keyId, vault);
    if (!opens(vault, canary.canaryEnc, canaryContext(canary.keyId))) throw wrong(canary.keyId);
  }
  // Before this node seals anything under its active key.
  if (!options.readOnly) await recordCanary(store, vault, vault.activeKeyId, now);
}

function recordCanary(store: Store, vault: KeyVault, keyId: string, now: number): Promise<void> {
  return store.kekCanaries.insertIfAbsent({ keyId, canaryEnc: vault.sealWith(keyId, CANARY, canaryContext(keyId)), createdAt: now });
}

/**
 * After a re-seal: drops the canaries of keys that seal nothing any more (so that they can leave
 * the keyring) and returns the keys still in use.
 */
export async function forgetUnusedKeys(store: Store, vault: KeyVault, now: number): Promise<string[]> {
  const inUse = await keysInUse(store);
  await recordCanary(store, vault, vault.activeKeyId, now);
  for (const canary of await store.kekCanaries.list()) {
    if (canary.keyId !== vault.activeKeyId && !inUse.has(canary.keyId)) await store.kekCanaries.delete(canary.keyId);
  }
  return [...new Set([vault.activeKeyId, ...inUse.keys()])];
}

/** The start-up refusal: what is wrong, and where the key should come from. */
export function refusalMessage(e: KeyringMismatch, source: { configured: boolean; file: string; generated: boolean }): string {
  const where = source.configured
    ? `set ALCOVE_KEK to a keyring that holds key "${e.keyId}" (id:base64,…; the first key seals)`
    : source.generated
      ? `${source.file} was missing (the key generated in its place has been removed again): restore it from your backup, or set ALCOVE_KEK`
      : `restore the key file ${source.file} that holds key "${e.keyId}" from your backup, or set ALCOVE_KEK`;
  return `refusing to start: ${e.message}; ${where}`;
}
