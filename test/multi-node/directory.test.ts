/**
 * Two real nodes on one PostgreSQL, every step of a flow sent to the other node than the step
 * before: what a round-robin load balancer does. Nothing a step needs may live in one node.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand, ConfirmSignUpCommand, CreateUserPoolClientCommand, ListUsersCommand, ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SMTPServer } from 'smtp-server';
import type { NodeProcess } from '../helpers/node-process.ts';
import { errorOf } from '../helpers/server.ts';
import {
  PASSWORD, SKIP, adminUrl, codeSentTo, createPool, createTestDatabase, delay, startNodes, waitFor, type TestDatabase,
} from './cluster.ts';

/** An SMTP server in this process, counting what each recipient receives. */
async function startSmtp(): Promise<{ url: string; received: Map<string, number>; close(): Promise<void> }> {
  const received = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => smtp.close(() => resolve())) };
}

describe('two nodes, one database: directory and messages', { skip: SKIP }, () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: NodeProcess;
  let b: NodeProcess;
  let poolId: string;
  let clientId: string;

  before(async () => {
    smtp = await startSmtp();
    db = await createTestDatabase(adminUrl!);
    [a, b] = await startNodes(db, 2, { ALCOVE_SMTP_URL: smtp.url });
    ({ poolId, clientId } = await createPool(a.client));
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.close();
    await db?.drop();
  });

  it('signs up on one node and confirms on the other', async () => {
    const email = 'alternate@example.com';
    const signUp = await a.client.send(new SignUpCommand({
      ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }],
    }));
    assert.equal(signUp.UserConfirmed, false);
    assert.equal(signUp.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');

    // A resend on B replaces A's code: the code lives in the database, not in A.
    await b.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: email }));
    const code = await codeSentTo(db, email, 'resend');
    await b.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code }));

    const user = await a.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes?.find((x) => x.Name === 'email_verified')?.Value, 'true');

    // The code was single use on every node.
    const again = await errorOf(() => a.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: email, ConfirmationCode: code })));
    assert.equal(again.name, 'NotAuthorizedException');
  });

  it('refuses a username taken on the other node, even when both sign up at once', async () => {
    const email = 'race@example.com';
    const attempt = (node: NodeProcess) => node.client.send(new SignUpCommand({
      ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }],
    })).then(() => 'ok', (e: Error) => e.name);
    const outcomes = await Promise.all([a, b, a, b].map(attempt));
    assert.deepEqual(outcomes.sort(), ['UsernameExistsException', 'UsernameExistsException', 'UsernameExistsException', 'ok']);
    const listed = await b.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: `email = "${email}"` }));
    assert.equal(listed.Users?.length, 1);
  });

  it('uses a client secret created on one node to verify SECRET_HASH on the other', async () => {
    const created = await a.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'server', GenerateSecret: true }));
    const { ClientId, ClientSecret } = created.UserPoolClient!;
    const username = 'secret-hash@example.com';
    const secretHash = createHmac('sha256', ClientSecret!).update(username + ClientId!).digest('base64');
    const signUp = await b.client.send(new SignUpCommand({
      ClientId, SecretHash: secretHash, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: username }],
    }));
    assert.equal(signUp.UserConfirmed, false);
  });

  it('delivers each message once although both nodes run a sender', async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `once-${i}@example.com`);
    await Promise.all(emails.map((email, i) => [a, b][i % 2]!.client.send(new SignUpCommand({
      ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }],
    }))));
    await waitFor('every message to be delivered', async () => emails.every((e) => smtp.received.has(e)), 20_000, 100);
    // Two more sender passes on each node: a second delivery would show up by now.
    await delay(2_500);
    for (const email of emails) assert.equal(smtp.received.get(email), 1, `${email} received ${smtp.received.get(email)} messages`);
    const { rows } = await db.sql.query<{ unsent: string }>(
      `select count(*) as unsent from outbox where destination like 'once-%' and sent_at is null`);
    assert.equal(Number(rows[0]!.unsent), 0);
  });
});
