/**
 * SQLite checkpoints run off the request path (storage/sql/checkpoints.ts): a worker thread
 * copies the WAL into the database file soon after the writes, not the commit that crosses a
 * threshold, and the WAL stays bounded under a steady write load.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { AdminCreateUserCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, testDatabaseUrl, type TestServer } from '../../helpers/server.ts';

/** Users of `poolId` in the database file alone, as if its -wal were gone. */
function usersInDatabaseFile(dataDir: string, poolId: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'alcove-db-only-'));
  try {
    copyFileSync(path.join(dataDir, 'alcove.sqlite'), path.join(dir, 'alcove.sqlite'));
    const db = new Sqlite(path.join(dir, 'alcove.sqlite'), { readonly: true });
    try {
      return (db.prepare('select count(*) as n from users where pool_id = ?').get(poolId) as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return -1; // no users table yet, or copied in the middle of a round
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SQLite checkpoints', { skip: testDatabaseUrl() ? 'SQLite only' : false }, () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  const createUsers = async (poolId: string, prefix: string, count: number, inFlight: number) => {
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const username = `${prefix}-${next++}`;
        await server.client.send(new AdminCreateUserCommand({
          UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS',
          UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
        }));
      }
    }));
  };

  it('copies a few writes into the database file soon after, well before the WAL is large', async () => {
    const pool = await server.client.send(new CreateUserPoolCommand({ PoolName: 'soon', AliasAttributes: ['email'] }));
    const poolId = pool.UserPool!.Id!;
    // ~25 WAL frames a user: ~1.5 MB of WAL, past the 256 frames from which a worker starts;
    // SQLite's own checkpoint would wait for ~4 MB.
    await createUsers(poolId, 'soon', 15, 1);
    let found = 0;
    for (let waited = 0; waited < 5_000 && found < 15; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      found = usersInDatabaseFile(server.dataDir, poolId);
    }
    assert.equal(found, 15);
  });

  it('keeps the WAL bounded under a steady load of writes', async () => {
    const pool = await server.client.send(new CreateUserPoolCommand({ PoolName: 'steady', AliasAttributes: ['email'] }));
    const poolId = pool.UserPool!.Id!;
    const wal = path.join(server.dataDir, 'alcove.sqlite-wal');
    let largest = 0;
    const watch = setInterval(() => { largest = Math.max(largest, statSync(wal).size); }, 10);
    try {
      // ~25 WAL frames of 4 KB a user: well past the 4,096 frames from which a checkpoint holds the connection.
      await createUsers(poolId, 'steady', 300, 16);
    } finally {
      clearInterval(watch);
    }
    largest = Math.max(largest, statSync(wal).size);
    // 300 users write ~30 MB of WAL: it must have started over rather than grown with them.
    assert.ok(largest < 24 * 1024 * 1024, `the WAL reached ${largest} bytes`);
  });
});
