/** Migration 0009 re-keys usernames, aliases and search values stored before keys were NFC. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { migrate } from '../../../src/storage/migrations/index.ts';
import { openMemorySqlite, openPostgres } from '../../../src/storage/sql/dialect.ts';
import { createTestDatabase, testDatabaseUrl } from '../../helpers/server.ts';

const nfd = (s: string) => s.normalize('NFD');
const nfc = (s: string) => s.normalize('NFC');

describe('0009_nfc_keys', () => {
  it('re-keys non-NFC keys, leaving a key whose NFC form is taken', async () => {
    const shared = testDatabaseUrl();
    const isolated = shared ? await createTestDatabase(shared) : undefined;
    const db: Kysely<any> = isolated ? openPostgres(isolated.url) : openMemorySqlite();
    try {
      await migrate(db, '0008_decoy_codes'); // as a database written before 0009 would be
      const now = Date.now();
      await db.insertInto('user_pools').values({ id: 'us-east-1_nfc', name: 'nfc', config: '{}', user_count: 3, created_at: now, updated_at: now }).execute();
      const user = (id: string, key: string) => ({
        id, pool_id: 'us-east-1_nfc', username: key, username_key: key, status: 'CONFIRMED', enabled: 1,
        attributes: '{}', credentials_enc: null, state: '{}', created_at: now, updated_at: now,
      });
      await db.insertInto('users').values([
        user('00000000-0000-4000-8000-000000000001', nfd('Zoë')),
        user('00000000-0000-4000-8000-000000000002', nfd('Amélie')),
        user('00000000-0000-4000-8000-000000000003', nfc('Amélie')),
        user('00000000-0000-4000-8000-000000000004', 'plain'),
      ]).execute();
      await db.insertInto('user_aliases').values({ pool_id: 'us-east-1_nfc', kind: 'preferred_username', value: nfd('josé'), user_id: '00000000-0000-4000-8000-000000000001' }).execute();
      await db.insertInto('user_search').values({ pool_id: 'us-east-1_nfc', attr: 'name', value: nfd('zoë'), user_id: '00000000-0000-4000-8000-000000000001' }).execute();
      await migrate(db);

      const keys = Object.fromEntries((await db.selectFrom('users').select(['id', 'username_key']).execute()).map((r) => [r.id.slice(-1), r.username_key]));
      assert.equal(keys['1'], nfc('Zoë'));
      assert.equal(keys['2'], nfd('Amélie'), 'left as it was: its NFC key belongs to another user');
      assert.equal(keys['3'], nfc('Amélie'));
      assert.equal(keys['4'], 'plain');
      assert.equal((await db.selectFrom('user_aliases').select('value').executeTakeFirstOrThrow()).value, nfc('josé'));
      assert.equal((await db.selectFrom('user_search').select('value').executeTakeFirstOrThrow()).value, nfc('zoë'));
      assert.equal(Number((await sql<{ n: number }>`select count(*) as n from users`.execute(db)).rows[0]!.n), 4);
    } finally {
      await db.destroy();
      await isolated?.drop();
    }
  });
});
