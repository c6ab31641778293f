/** The per-server cache of a pool's custom scopes (the client credentials grant): kept, bounded in age, forgotten by writes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate } from '../../src/storage/migrations/index.ts';
import { wrapStore } from '../../src/storage/open.ts';
import { openMemorySqlite } from '../../src/storage/sql/dialect.ts';
import { CONFIG_CACHE_MS } from '../../src/storage/store.ts';
import { CustomScopesCache } from '../../src/userPools/resource-servers/scopes-cache.ts';

test('serves the scopes it read until CONFIG_CACHE_MS or a forget, and never stores a read a forget overtook', async (t) => {
  const db = openMemorySqlite();
  t.after(() => db.destroy());
  await migrate(db);
  const store = wrapStore(db);
  const now = Date.now();
  await store.pools.insert({ id: 'us-east-1_cache', name: 'p', config: {} as never, userCount: 0, createdAt: now, updatedAt: now });
  const server = (identifier: string, scope: string) => ({
    poolId: 'us-east-1_cache', identifier, name: identifier, scopes: [{ ScopeName: scope, ScopeDescription: scope }], createdAt: now, updatedAt: now,
  });
  const cache = new CustomScopesCache();
  await store.resourceServers.insert(server('a', 'read'));
  assert.deepEqual([...await cache.get(store, 'us-east-1_cache')], ['a/read']);

  // Written behind the cache's back (another node): not seen until the entry ages out or is forgotten.
  await store.resourceServers.insert(server('b', 'write'));
  assert.deepEqual([...await cache.get(store, 'us-east-1_cache')], ['a/read']);
  cache.forget('us-east-1_cache');
  assert.deepEqual([...await cache.get(store, 'us-east-1_cache')].sort(), ['a/read', 'b/write']);

  // A read in flight when a write forgets the pool answers what it read, but does not keep it.
  cache.forget('us-east-1_cache');
  const inFlight = cache.get(store, 'us-east-1_cache');
  cache.forget('us-east-1_cache');
  await store.resourceServers.delete('us-east-1_cache', 'a');
  assert.deepEqual([...await inFlight].sort(), ['a/read', 'b/write']);
  assert.deepEqual([...await cache.get(store, 'us-east-1_cache')], ['b/write']);

  // Bounded in age: after CONFIG_CACHE_MS the store is read again.
  await store.resourceServers.delete('us-east-1_cache', 'b');
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() + CONFIG_CACHE_MS + 1 });
  assert.deepEqual([...await cache.get(store, 'us-east-1_cache')], []);
});
