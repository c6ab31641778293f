/**
 * Queuing messages: rendered from the pool's templates and written to the outbox in the same
 * transaction as the change that caused them, so that a message is never lost nor sent for a
 * change that rolled back. The sender (workers/outbox-sender.ts) delivers them afterwards.
 *
 * A message body carries a live code or temporary password, so it is sealed at rest like every
 * other secret: a copy of the database alone reveals no code. Whoever reads the outbox
 * (the sender, `alcove messages`) opens bodies with `openMessage`.
 */
import type { KeyVault } from '../../crypto/key-vault.ts';
import type { CustomSenderCall } from './custom-sender.ts';
import type { OutboxMessage } from './store.ts';
import type { Repos } from '../../storage/store.ts';

interface MessageToQueue {
  poolId: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject?: string | undefined;
  body: string;
  /** `signup`, `resend`, `invitation`, `forgot`, `verify`, `mfa`. */
  purpose: string;
  username: string;
  /** Kept with the message when the pool has a custom sender for the channel (messages/custom-sender.ts). */
  customSender?: CustomSenderCall | undefined;
}

/**
 * A body with a custom sender's call is sealed as this prefix + JSON of `{ text, call }` (a
 * rendered template never starts with NUL); openMessage gives back the text and the call.
 */
const WITH_CALL = '\u0000custom-sender\u0000';

export const sealContext = (m: Pick<OutboxMessage, 'poolId' | 'destination'>): string => `outbox:${m.poolId}:${m.destination}`;

export async function queueMessage(repos: Repos, vault: KeyVault, now: number, message: MessageToQueue): Promise<void> {
  const { customSender, ...row } = message;
  const body = customSender ? WITH_CALL + JSON.stringify({ text: message.body, call: customSender }) : message.body;
  await repos.outbox.add({
    ...row, body: vault.seal(body, sealContext(message)), subject: message.subject ?? null, createdAt: now, nextAttemptAt: now,
  });
}

/** The message with its body opened (and the custom sender's call it was queued with, if any). */
export function openMessage(vault: KeyVault, message: OutboxMessage): OutboxMessage {
  const body = vault.openString(message.body, sealContext(message));
  if (!body.startsWith(WITH_CALL)) return { ...message, body };
  const { text, call } = JSON.parse(body.slice(WITH_CALL.length)) as { text: string; call: CustomSenderCall };
  return { ...message, body: text, customSender: call };
}

/** Newest first, bodies opened: what was sent, as its recipients read it. */
export async function readMessages(
  repos: Repos, vault: KeyVault, filter: Parameters<Repos['outbox']['list']>[0],
): Promise<OutboxMessage[]> {
  return (await repos.outbox.list(filter)).map((m) => openMessage(vault, m));
}

/** Replaces Cognito's placeholders: `{####}` (the code) and `{username}`. */
export function renderTemplate(template: string, values: { code?: string; username?: string }): string {
  return template.replaceAll('{####}', values.code ?? '').replaceAll('{username}', values.username ?? '');
}

/** Masks a destination as CodeDeliveryDetails shows it: `j***@e***` / `+*******1234`. */
export function maskDestination(channel: 'EMAIL' | 'SMS', destination: string): string {
  if (channel === 'SMS') return `+${'*'.repeat(Math.max(0, destination.length - 5))}${destination.slice(-4)}`;
  const at = destination.indexOf('@');
  if (at < 0) return '***';
  return `${destination[0]}***@${destination[at + 1] ?? ''}***`;
}
