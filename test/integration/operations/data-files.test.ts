/** The data directory's files are private to the server's user, whatever the umask it starts with. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, testDatabaseUrl } from '../../helpers/server.ts';

describe('data files', { skip: testDatabaseUrl() ? 'SQLite only' : false }, () => {
  it('creates the directory 0700 and the database, WAL, SHM, KEK and key files 0600 under umask 000', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'alcove-perm-'));
    const dataDir = path.join(parent, 'nested', 'data');
    const previous = process.umask(0o000);
    let server;
    try {
      server = await startTestServer({ dataDir });
    } finally {
      process.umask(previous);
    }
    try {
      await server.client.send(new CreateUserPoolCommand({ PoolName: 'perm' }));
      const mode = (file: string) => statSync(path.join(dataDir, file)).mode & 0o777;
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      for (const file of ['alcove.sqlite', 'alcove.sqlite-wal', 'alcove.sqlite-shm', 'kek', 'credentials.json']) {
        assert.equal(mode(file).toString(8), '600', file);
      }
    } finally {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
