/** Key-encryption key rotation without downtime: new key first, re-seal, old key dropped. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { AdminCreateUserCommand, CreateUserPoolClientCommand, DescribeUserPoolClientCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ALCOVE } from '../../helpers/cli.ts';
import { confirmedUser, PASSWORD, poolAndClient } from '../../helpers/auth-flows.ts';
import { readMessages } from '../../../src/userPools/messages/outbox.ts';
import { createTestDatabase, startTestServer, testDatabaseUrl } from '../../helpers/server.ts';

const exec = promisify(execFile);
const oldKey = `old:${randomBytes(32).toString('base64')}`;
const newKey = `new:${randomBytes(32).toString('base64')}`;

describe('KEK rotation', () => {
  it('re-seals every secret so that the old key can be dropped', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-kek-rotation-'));
    // Rotation re-seals every secret in the database: on PostgreSQL, a database of its own.
    const shared = testDatabaseUrl();
    const db = shared ? await createTestDatabase(shared) : undefined;
    const databaseUrl = db?.url;
    const where = databaseUrl ? { databaseUrl } : {};
    try {
      const first = await startTestServer({ dataDir, kek: oldKey, ...where });
      const { poolId, clientId: publicClient } = await poolAndClient(first);
      const { UserPoolClient } = await first.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'server', GenerateSecret: true }));
      const [clientId, clientSecret] = [UserPoolClient!.ClientId!, UserPoolClient!.ClientSecret!];
      await confirmedUser(first, poolId, 'rosa');
      // An invitation: its body (with the temporary password) is sealed in the outbox.
      await first.client.send(new AdminCreateUserCommand({
        UserPoolId: poolId, Username: 'ned', UserAttributes: [{ Name: 'email', Value: 'ned@example.com' }], DesiredDeliveryMediums: ['EMAIL'],
      }));
      // Signing keys and server secrets come into being at the first sign-in.
      await first.anonymousClient.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: publicClient, AuthParameters: { USERNAME: 'rosa', PASSWORD } }));
      await first.close();

      const { stdout } = await exec(process.execPath, [...ALCOVE, 'rotate-kek', '--data-dir', dataDir], {
        env: { ...process.env, ALCOVE_KEK: `${newKey},${oldKey}`, ...(databaseUrl ? { ALCOVE_DATABASE_URL: databaseUrl } : {}) },
      });
      assert.match(stdout, /user_credentials: [1-9]\d* re-sealed/);
      assert.match(stdout, /client_secret: [1-9]\d* re-sealed/);
      assert.match(stdout, /signing_key: [1-9]\d* re-sealed/);
      assert.match(stdout, /outbox_body: [1-9]\d* re-sealed/);

      const second = await startTestServer({ dataDir, kek: newKey, ...where });
      try {
        const out = await second.anonymousClient.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: publicClient, AuthParameters: { USERNAME: 'rosa', PASSWORD } }));
        assert.ok(out.AuthenticationResult?.AccessToken, 'signs in with only the new key');
        const described = await second.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
        assert.equal(described.UserPoolClient?.ClientSecret, clientSecret);
        const [invitation] = await readMessages(second.services.store, second.services.vault, { destination: 'ned@example.com', limit: 1 });
        assert.match(invitation!.body, /Your username is ned and temporary password is /);
      } finally {
        await second.close();
      }
    } finally {
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
