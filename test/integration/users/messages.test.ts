import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  ConfirmSignUpCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SMTPServer } from 'smtp-server';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { ALCOVE } from '../../helpers/cli.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const PASSWORD = 'Passw0rd!long';

interface ReceivedMail {
  from: string;
  to: string[];
  data: string;
}

/** A real SMTP server in this process that keeps what it receives. */
async function startSmtp(port = 0): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(port, '127.0.0.1', () => resolve());
  });
  const address = smtp.server.address() as AddressInfo;
  return { port: address.port, mails, close: () => new Promise((resolve) => smtp.close(() => resolve())) };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The senders of all servers on one database deliver each other's messages, as the nodes of a
 * cluster do; other test files' servers must not take these tests' messages, so on PostgreSQL
 * each server here gets a database of its own (SQLite ones are private already).
 */
async function startIsolatedServer(overrides: Record<string, unknown>, cleanup: (() => Promise<void>)[]): Promise<TestServer> {
  const server = await startTestServer(overrides, { isolatedDatabase: true });
  cleanup.push(server.stop);
  return server;
}

async function emailPoolAndClient(server: TestServer): Promise<{ poolId: string; clientId: string }> {
  const { UserPool } = await server.client.send(new CreateUserPoolCommand({
    PoolName: 'mail', AutoVerifiedAttributes: ['email'],
    VerificationMessageTemplate: { EmailSubject: 'Welcome to Mail', EmailMessage: 'Your code is {####}.' },
  }));
  const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'web' }));
  return { poolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId! };
}

const signUp = (server: TestServer, clientId: string, username: string, email: string) => server.client.send(new SignUpCommand({
  ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }],
}));

describe('message delivery', () => {
  const cleanup: (() => Promise<void>)[] = [];
  after(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('emails the sign-up code over SMTP', async () => {
    const smtp = await startSmtp();
    cleanup.push(smtp.close);
    const server = await startIsolatedServer({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smtpFrom: 'auth@alcove.test' }, cleanup);
    const { clientId } = await emailPoolAndClient(server);

    await signUp(server, clientId, 'dana', 'dana@example.com');
    const mail = await waitFor('the sign-up email', () => smtp.mails.find((m) => m.to.includes('dana@example.com')));
    assert.equal(mail.from, 'auth@alcove.test');
    assert.match(mail.data, /^Subject: Welcome to Mail$/m);
    const code = /Your code is (\d{6})\./.exec(mail.data)?.[1];
    assert.ok(code, 'the email carries the code');

    // The emailed code is the one that confirms the account.
    await server.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'dana', ConfirmationCode: code }));

    const row = await waitFor('the outbox records the delivery', async () => {
      const [r] = await readMessages(server.services.store, server.services.vault, { destination: 'dana@example.com', limit: 1 });
      return r?.sentAt ? r : undefined;
    });
    assert.equal(row.lastError, null);
  });

  it('retries until the SMTP server is reachable', async () => {
    const port = await freePort();
    const server = await startIsolatedServer({ smtpUrl: `smtp://127.0.0.1:${port}` }, cleanup);
    const { clientId } = await emailPoolAndClient(server);

    await signUp(server, clientId, 'erin', 'erin@example.com');
    const failed = await waitFor('a failed attempt', async () => {
      const [row] = await readMessages(server.services.store, server.services.vault, { destination: 'erin@example.com', limit: 1 });
      return row?.lastError ? row : undefined;
    });
    assert.equal(failed.sentAt, null);

    const smtp = await startSmtp(port);
    cleanup.push(smtp.close);
    const mail = await waitFor('the retried email', () => smtp.mails.find((m) => m.to.includes('erin@example.com')));
    assert.match(mail.data, /Your code is \d{6}\./);
    // The SMTP server has the mail a moment before the sender records the delivery.
    const row = await waitFor('the delivery recorded', async () => {
      const [r] = await readMessages(server.services.store, server.services.vault, { destination: 'erin@example.com', limit: 1 });
      return r?.sentAt ? r : undefined;
    });
    assert.ok(row.attempts >= 2);
    assert.equal(smtp.mails.filter((m) => m.to.includes('erin@example.com')).length, 1, 'sent once');
  });

  it('posts SMS messages to the webhook', async () => {
    const received: Record<string, unknown>[] = [];
    const webhook = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>), contentType: req.headers['content-type'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', () => resolve()));
    cleanup.push(() => new Promise((resolve) => webhook.close(() => resolve())));
    const { port } = webhook.address() as AddressInfo;
    const server = await startIsolatedServer({ smsWebhookUrl: `http://127.0.0.1:${port}/sms` }, cleanup);

    const { UserPool } = await server.client.send(new CreateUserPoolCommand({ PoolName: 'sms', AutoVerifiedAttributes: ['phone_number'] }));
    const { UserPoolClient } = await server.client.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: 'app' }));
    await server.client.send(new SignUpCommand({
      ClientId: UserPoolClient!.ClientId!, Username: 'gina', Password: PASSWORD,
      UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }],
    }));

    const sms = await waitFor('the SMS', () => received.find((m) => m.to === '+15555550123'));
    assert.equal(sms.contentType, 'application/json');
    assert.equal(sms.poolId, UserPool!.Id);
    assert.equal(sms.purpose, 'signup');
    assert.match(String(sms.message), /\d{6}/);
  });

  it('keeps messages in the outbox when no SMTP server is configured, readable with `alcove messages`', async () => {
    const server = await startIsolatedServer({}, cleanup);
    const { poolId, clientId } = await emailPoolAndClient(server);
    await signUp(server, clientId, 'finn', 'finn@example.com');

    const kept = await waitFor('the message to be handled', async () => {
      const [row] = await readMessages(server.services.store, server.services.vault, { destination: 'finn@example.com', limit: 1 });
      return row?.lastError ? row : undefined;
    });
    assert.equal(kept.sentAt, null);
    assert.match(kept.lastError!, /no SMTP server is configured/);

    const args = [...ALCOVE, 'messages', '--data-dir', server.dataDir, '--pool', poolId, '--json'];
    if (server.settings.databaseUrl) args.push('--database-url', server.settings.databaseUrl);
    // The bodies are sealed: the CLI needs the server's key-encryption key (from the data
    // directory, or as configured).
    const env = { ...process.env, ALCOVE_LOG_LEVEL: 'silent', ...(server.settings.kek ? { ALCOVE_KEK: server.settings.kek } : {}) };
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, env });
    const messages = JSON.parse(stdout) as { destination: string; body: string; purpose: string; username: string; status: string }[];
    const message = messages.find((m) => m.destination === 'finn@example.com');
    assert.ok(message, 'the CLI lists the message');
    assert.equal(message.purpose, 'signup');
    assert.equal(message.username, 'finn');
    assert.match(message.body, /Your code is \d{6}\./);
    assert.equal(message.status, 'kept');
  });
});
