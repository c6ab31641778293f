/**
 * SQLite's direct path for precompiled statements (storage/sql/dialect.ts, `DirectSqlite`): a
 * statement run outside a transaction never lands inside another caller's transaction or
 * connection hold on the single connection; it waits for them, as through Kysely's executor.
 * Inside a transaction, its statements run in it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../src/storage/open.ts';
import type { Store } from '../../src/storage/store.ts';
import type { UserRow } from '../../src/userPools/users/store.ts';

const NOW = 1_800_000_000_000;
const POOL = 'us-east-1_Direct1';
const user = (id: string, username: string): UserRow => ({
  id, poolId: POOL, username, usernameKey: username, status: 'CONFIRMED', enabled: true,
  attributes: { sub: id }, credentialsEnc: null, state: {}, createdAt: NOW, updatedAt: NOW,
});
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('SQLite: precompiled statements run directly, serialised with transactions', () => {
  let store: Store;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-direct-'));
    store = await openStore({ dataDir });
    await store.pools.insert({ id: POOL, name: 'direct', config: {}, userCount: 0, createdAt: NOW, updatedAt: NOW });
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a read outside a transaction waits for one in flight and never sees its uncommitted rows', async () => {
    const id = uuid(1);
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => { inserted = resolve; });
    const tx = store.transaction(async (t) => {
      await t.users.insert(user(id, 'alice'), { search: [], aliases: [] });
      inserted();
      await sleep(30);
      throw new Error('rolled back');
    });
    await insertedNow;
    // The transaction holds the connection across its await: this read must not run inside it.
    const seen = await store.users.get(id);
    await assert.rejects(tx, /rolled back/);
    assert.equal(seen, undefined);
    assert.equal(await store.users.get(id), undefined);
  });

  it('a write outside a transaction is not undone by the rollback of one in flight', async () => {
    const id = uuid(2);
    let started!: () => void;
    const startedNow = new Promise<void>((resolve) => { started = resolve; });
    const tx = store.transaction(async (t) => {
      await t.users.get(id);
      started();
      await sleep(30);
      throw new Error('rolled back');
    });
    await startedNow;
    const write = store.users.insert(user(id, 'bob'), { search: [], aliases: [] });
    await assert.rejects(tx, /rolled back/);
    await write;
    assert.equal((await store.users.get(id))?.username, 'bob');
  });

  it('inside a transaction, its statements see its own writes and commit with it', async () => {
    const id = uuid(3);
    const seen = await store.transaction(async (t) => {
      await t.users.insert(user(id, 'carol'), { search: [], aliases: [] });
      return t.users.get(id);
    });
    assert.equal(seen?.username, 'carol');
    assert.equal((await store.users.get(id))?.username, 'carol');
  });
});
