/**
 * Key-encryption key rotation, second half: after a new KEK is put first in every node's
 * keyring (nodes still open values sealed under the old one), this re-seals every stored secret
 * under the new key, page by page, with a compare-and-swap per row so that it can run while the
 * nodes serve. When it reports nothing stale, the old key can leave the keyring.
 */
import type { KeyVault } from '../crypto/key-vault.ts';
import type { SealedColumn, Store } from '../storage/store.ts';
import { secretContext } from './clients/client-view.ts';
import { sealContext as signingKeyContext } from './tokens/signing-keys.ts';
import { sealContext as outboxSealContext } from './messages/outbox.ts';
import { sealContext as credentialsContext } from './users/credentials.ts';

/** The associated data each sealed column's values were sealed with. */
export const sealedContexts: Record<SealedColumn, (parts: Record<string, string>) => string> = {
  user_credentials: (p) => credentialsContext(p.userId!),
  client_secret: (p) => secretContext(p.clientId!),
  signing_key: (p) => signingKeyContext(p.poolId!, p.kid!),
  server_secret: (p) => `server-secret:${p.name!}`,
  outbox_body: (p) => outboxSealContext({ poolId: p.poolId!, destination: p.destination! }),
};

export interface ResealReport {
  scanned: number;
  resealed: number;
}

export async function resealStaleSecrets(store: Store, vault: KeyVault, pageSize = 500): Promise<Record<SealedColumn, ResealReport>> {
  const report = {} as Record<SealedColumn, ResealReport>;
  for (const column of Object.keys(sealedContexts) as SealedColumn[]) {
    const entry = { scanned: 0, resealed: 0 };
    let after: string | undefined;
    for (;;) {
      const page = await store.sealed.scan(column, after, pageSize);
      if (page.length === 0) break;
      for (const value of page) {
        entry.scanned++;
        if (!vault.isStale(value.sealed)) continue;
        const context = sealedContexts[column](value.parts);
        const next = vault.seal(vault.open(value.sealed, context), context);
        // A row changed meanwhile was sealed by a node, under the new key already.
        if (await store.sealed.replace(column, value.key, value.sealed, next)) entry.resealed++;
      }
      after = page.at(-1)!.key;
    }
    report[column] = entry;
  }
  return report;
}
