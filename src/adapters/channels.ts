/**
 * How each kind of message leaves the server: email over SMTP (nodemailer), SMS as a JSON POST
 * to a webhook that the operator connects to their SMS provider. A channel either delivers or
 * throws; retrying is the sender's business.
 */
import { createRequire } from 'node:module';
import type * as Nodemailer from 'nodemailer';
import type { OutboxMessage } from '../userPools/messages/store.ts';

/** nodemailer is loaded only when SMTP is configured: ~65 ms of CPU at every start otherwise. */
const requireModule = createRequire(import.meta.url);

export interface Channel {
  /** Where the messages go, for logs (never with credentials). */
  readonly target: string;
  deliver(message: OutboxMessage): Promise<void>;
  close(): void;
}

/** Network waits stay well inside the sender's claim lease, so a slow send is never sent twice. */
const CONNECT_TIMEOUT_MS = 10_000;
const SEND_TIMEOUT_MS = 30_000;

const looksLikeHtml = (body: string): boolean => /<\/?[a-z][^>]*>/i.test(body);

export function smtpChannel(smtpUrl: string, from: string): Channel {
  const { createTransport } = requireModule('nodemailer') as typeof Nodemailer;
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const url = new URL(smtpUrl);
  return {
    target: `${url.protocol}//${url.host}`,
    async deliver(m) {
      // Cognito's email templates may hold HTML; plain ones go out as text only.
      await transport.sendMail({
        from,
        to: m.destination,
        subject: m.subject ?? '',
        text: m.body,
        ...(looksLikeHtml(m.body) ? { html: m.body } : {}),
      });
    },
    close: () => transport.close(),
  };
}

export function smsWebhookChannel(webhookUrl: string): Channel {
  const url = new URL(webhookUrl);
  return {
    target: `${url.protocol}//${url.host}${url.pathname}`,
    async deliver(m) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: m.destination, message: m.body, poolId: m.poolId, purpose: m.purpose }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      // Drain the body so that the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) throw new Error(`SMS webhook answered HTTP ${response.status}`);
    },
    close: () => {},
  };
}
