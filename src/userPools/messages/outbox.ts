/**
 * Queuing messages: rendered from the pool's templates and written to the outbox in the same
 * transaction as the change that caused them, so that a message is never lost nor sent for a
 * change that rolled back. The sender (messages/sender.ts) delivers them afterwards.
 */
import type { Repos } from '../../storage/store.ts';

export interface MessageToQueue {
  poolId: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject?: string | undefined;
  body: string;
  /** `signup`, `resend`, `invitation`, `forgot`, `verify`, `mfa`. */
  purpose: string;
  username: string;
}

export async function queueMessage(repos: Repos, now: number, message: MessageToQueue): Promise<void> {
  await repos.outbox.add({ ...message, subject: message.subject ?? null, createdAt: now, nextAttemptAt: now });
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
