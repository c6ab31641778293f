/** `alcove messages`: the codes and invitations that were sent or queued, newest first. */
import type { Settings } from '../config.ts';
import { loadKeyVault } from '../crypto/key-vault.ts';
import { openStore } from '../storage/open.ts';
import { readMessages } from '../userPools/messages/outbox.ts';
import { deliveryStatus, type DeliveryStatus } from '../workers/outbox-sender.ts';

interface MessageQuery {
  poolId?: string | undefined;
  destination?: string | undefined;
  limit: number;
  json: boolean;
}

const STATUS_TEXT: Record<Exclude<DeliveryStatus, 'kept'>, string> = {
  queued: 'queued',
  retrying: 'retrying',
  sent: 'sent',
  'gave-up': 'not delivered, gave up',
};

export async function printMessages(settings: Settings, query: MessageQuery): Promise<void> {
  if (!Number.isInteger(query.limit) || query.limit < 1) throw new Error('--limit must be a positive whole number');
  // Bodies are sealed at rest: reading them takes the server's key-encryption key.
  const { vault } = loadKeyVault({ kek: settings.kek, dataDir: settings.dataDir, requireConfigured: Boolean(settings.databaseUrl) });
  const store = await openStore({ dataDir: settings.dataDir, databaseUrl: settings.databaseUrl });
  try {
    const messages = (await readMessages(store, vault, { poolId: query.poolId, destination: query.destination, limit: query.limit }))
      .map((m) => ({ ...m, status: deliveryStatus(m) }));
    if (query.json) {
      process.stdout.write(`${JSON.stringify(messages, null, 2)}\n`);
      return;
    }
    if (messages.length === 0) process.stdout.write('no messages\n');
    for (const m of messages) {
      // A kept message's note already says why it stayed here.
      const status = m.status === 'kept' ? m.lastError
        : m.lastError ? `${STATUS_TEXT[m.status]}: ${m.lastError}` : STATUS_TEXT[m.status];
      process.stdout.write(`${new Date(m.createdAt).toISOString()}  ${m.poolId}  ${m.purpose}  ${m.channel} → ${m.destination}  [${status}]\n`);
      process.stdout.write(`  user: ${m.username}\n`);
      if (m.subject) process.stdout.write(`  subject: ${m.subject}\n`);
      process.stdout.write(`  ${m.body.replace(/\n/g, '\n  ')}\n\n`);
    }
  } finally {
    await store.close();
  }
}
