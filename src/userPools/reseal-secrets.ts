/**
 * Key-encryption key rotation, second half: after a new KEK is put first in every node's
 * keyring (nodes still open values sealed under the old one), this re-seals every stored secret
 * under the new key, page by page, with a compare-and-swap per row so that it can run while the
 * nodes serve. When it reports nothing stale, the old key can leave the keyring.
 */
import type { KeyVault } from '../crypto/key-vault.ts';
import type { Store } from '../storage/store.ts';
import { sealedColumns } from './sealed/columns.ts';

interface ResealReport {
  scanned: number;
  resealed: number;
}

export async function resealStaleSecrets(store: Store, vault: KeyVault, pageSize = 500): Promise<Record<string, ResealReport>> {
  const report = {} as Record<string, ResealReport>;
  for (const column of sealedColumns) {
    const entry = { scanned: 0, resealed: 0 };
    let after: string | undefined;
    for (;;) {
      const page = await store.sealed.scan(column, after, pageSize);
      if (page.length === 0) break;
      for (const value of page) {
        entry.scanned++;
        if (!vault.isStale(value.sealed)) continue;
        const context = column.context(value.parts);
        const next = vault.seal(vault.open(value.sealed, context), context);
        // A row changed meanwhile was sealed by a node, under the new key already.
        if (await store.sealed.replace(column, value.key, value.sealed, next)) entry.resealed++;
      }
      after = page.at(-1)!.key;
    }
    report[column.name] = entry;
  }
  return report;
}
