/**
 * Where a test's server sends its messages: a real SMTP server and an SMS webhook in the test's
 * process, each keeping what it receives, and the latest code sent to an address.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { testClock } from './auth-flows.ts';
import { startTestServer, type TestServer } from './server.ts';

/**
 * A pool's EmailConfiguration and SmsConfiguration as Cognito requires them before it sends MFA
 * codes (email MFA only through SES with the DEVELOPER account); Alcove still sends through the sinks.
 */
export const SES = { EmailSendingAccount: 'DEVELOPER' as const, SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/auth@example.com' };
export const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms', ExternalId: 'x' };

export interface Sinks {
  /** Settings for startTestServer. */
  settings: { smtpUrl: string; smtpFrom: string; smsWebhookUrl: string };
  mails: { to: string[]; data: string }[];
  texts: { to: string; message: string; purpose: string }[];
  /** The newest six-digit code sent to `to` after the first `skip` messages to it, once it arrives. */
  codeFor(to: string, skip?: number): Promise<string>;
  /** How many messages `to` has received so far. */
  countFor(to: string): number;
  close(): Promise<void>;
}

export async function startSinks(): Promise<Sinks> {
  const mails: Sinks['mails'] = [];
  const texts: Sinks['texts'] = [];
  const smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const webhook = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Sinks['texts'][number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', () => resolve()));
  const messagesTo = (to: string): string[] => [
    ...texts.filter((t) => t.to === to).map((t) => t.message),
    ...mails.filter((m) => m.to.includes(to)).map((m) => m.data.split(/\r?\n\r?\n/).slice(1).join('\n')),
  ];
  return {
    settings: {
      smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, smtpFrom: 'auth@alcove.test',
      smsWebhookUrl: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/sms`,
    },
    mails, texts,
    countFor: (to) => messagesTo(to).length,
    async codeFor(to, skip = 0) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const messages = messagesTo(to);
        if (messages.length > skip) {
          const code = /\b(\d{6})\b/.exec(messages.at(-1)!)?.[1];
          if (code) return code;
        }
        if (Date.now() > deadline) throw new Error(`no code reached ${to}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => webhook.close(() => resolve()));
    },
  };
}

/**
 * For a test file whose server sends messages: before its tests, sinks and a server (a database of
 * its own, on the file's `clock`) sending into them, handed to `use`; after them, both stopped;
 * the clock set to now before each test.
 */
export function serverWithSinks(clock: ReturnType<typeof testClock>, use: (started: { server: TestServer; sinks: Sinks }) => void): void {
  let started: { server: TestServer; sinks: Sinks } | undefined;
  let sinks: Sinks | undefined;
  before(async () => {
    sinks = await startSinks();
    started = { server: await startTestServer(sinks.settings, { clock, isolatedDatabase: true }), sinks };
    use(started);
  });
  after(async () => {
    await started?.server.stop();
    await sinks?.close();
  });
  beforeEach(() => { clock.t = Date.now(); });
}
