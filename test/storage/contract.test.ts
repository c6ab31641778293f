/**
 * The storage contract: the same cases run against the real Store on SQLite and, when
 * ALCOVE_TEST_DATABASE_URL is set, on a PostgreSQL database of their own. Each repository's
 * promises as store.ts and the concerns' store.ts files state them, the atomic ones especially:
 * one winner of a conditional consume or insert, counters that count every concurrent hit, a
 * bound no burst exceeds. Concurrent calls go through the store's pool (several connections on
 * PostgreSQL; one serialised connection on SQLite, where each is still a single statement).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KeyVault } from '../../src/crypto/key-vault.ts';
import { openStore } from '../../src/storage/open.ts';
import { UniqueViolation, type Store } from '../../src/storage/store.ts';
import { sealedColumns } from '../../src/userPools/sealed/columns.ts';
import type { UserRow } from '../../src/userPools/users/store.ts';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../helpers/server.ts';

const NOW = 1_800_000_000_000;
const POOL = 'us-east-1_Contract1';

function user(id: string, username: string, extra: Partial<UserRow> = {}): UserRow {
  return {
    id, poolId: POOL, username, usernameKey: username.toLowerCase(), status: 'CONFIRMED', enabled: true,
    attributes: { sub: id }, credentialsEnc: null, state: {}, createdAt: NOW, updatedAt: NOW, ...extra,
  };
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const count = <T>(values: T[], pred: (v: T) => boolean) => values.filter(pred).length;
const errorOf = async (fn: () => Promise<unknown>) => {
  try { await fn(); } catch (e) { return e as Error; }
  assert.fail('expected an error');
};

describe(`storage contract (${testDatabaseUrl() ? 'PostgreSQL' : 'SQLite'})`, () => {
  let store: Store;
  let database: TestDatabase | undefined;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'alcove-contract-'));
    const serverUrl = testDatabaseUrl();
    if (serverUrl) database = await createTestDatabase(serverUrl);
    store = await openStore({ dataDir, databaseUrl: database?.url, poolSize: 8 });
    await store.pools.insert({ id: POOL, name: 'contract', config: { MfaConfiguration: 'OFF' }, userCount: 0, createdAt: NOW, updatedAt: NOW });
  });
  after(async () => {
    await store.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('pools and clients', () => {
    it('round-trips the typed configuration, pages by id, and refuses a taken id', async () => {
      const pool = await store.pools.get(POOL);
      assert.deepEqual(pool?.config, { MfaConfiguration: 'OFF' });
      await store.pools.update({ ...pool!, name: 'renamed', config: { MfaConfiguration: 'OPTIONAL', UserPoolTags: { a: 'b' } }, updatedAt: NOW + 1 });
      await store.pools.adjustUserCount(POOL, 2);
      await store.pools.adjustUserCount(POOL, -1);
      const updated = await store.pools.get(POOL);
      assert.equal(updated?.name, 'renamed');
      assert.deepEqual(updated?.config.UserPoolTags, { a: 'b' });
      assert.equal(updated?.userCount, 1);
      const taken = await errorOf(() => store.pools.insert({ ...updated!, name: 'again' }));
      assert.ok(taken instanceof UniqueViolation);
      assert.equal(taken.index, 'pool');

      for (const id of ['us-east-1_Contract2', 'us-east-1_Contract3']) {
        await store.pools.insert({ id, name: id, config: {}, userCount: 0, createdAt: NOW, updatedAt: NOW });
      }
      const first = await store.pools.list({ limit: 2 });
      assert.deepEqual(first.items.map((p) => p.id), [POOL, 'us-east-1_Contract2']);
      const second = await store.pools.list({ limit: 2, after: first.next });
      assert.deepEqual(second.items.map((p) => p.id), ['us-east-1_Contract3']);
      assert.equal(second.next, undefined);
      assert.equal((await errorOf(() => store.pools.list({ limit: 2, after: 'not-a-cursor' }))).name, 'InvalidCursor');
      await store.pools.delete('us-east-1_Contract3');
      assert.equal(await store.pools.get('us-east-1_Contract3'), undefined);
    });

    it('keeps a client secret out of updates', async () => {
      const client = { id: 'contractclient1', poolId: POOL, name: 'c', config: { RefreshTokenValidity: 30 }, secretEnc: 'sealed-secret', createdAt: NOW, updatedAt: NOW };
      await store.clients.insert(client);
      await store.clients.update({ ...client, name: 'd', config: { RefreshTokenValidity: 5 }, secretEnc: null, updatedAt: NOW + 1 });
      const read = await store.clients.get(client.id);
      assert.equal(read?.name, 'd');
      assert.deepEqual(read?.config, { RefreshTokenValidity: 5 });
      assert.equal(read?.secretEnc, 'sealed-secret');
      assert.deepEqual((await store.clients.list(POOL, { limit: 10 })).items.map((c) => c.id), [client.id]);
    });
  });

  describe('users', () => {
    it('finds a user by username, alias and sub, each saying how it matched; refuses a taken username or alias', async () => {
      await store.users.insert(user(uuid(1), 'Alice', { attributes: { sub: uuid(1), email: 'a@example.com' }, state: { preferredMfa: 'SMS_MFA' } }), {
        search: [{ attr: 'email', value: 'a@example.com' }], aliases: [{ kind: 'email', value: 'a@example.com' }],
      });
      assert.equal((await store.users.getByUsername(POOL, 'alice'))?.id, uuid(1));
      assert.equal((await store.users.getByAlias(POOL, 'email', 'a@example.com'))?.id, uuid(1));
      assert.deepEqual((await store.users.get(uuid(1)))?.state, { preferredMfa: 'SMS_MFA' });
      const found = await store.users.findByName(POOL, { usernameKey: 'alice', aliases: [{ kind: 'email', value: 'a@example.com' }], sub: uuid(1) });
      assert.deepEqual(found.map((f) => f.via).sort(), ['alias:email', 'sub', 'username']);

      const dupName = await errorOf(() => store.users.insert(user(uuid(2), 'alice'), { search: [], aliases: [] }));
      assert.ok(dupName instanceof UniqueViolation);
      assert.equal(dupName.index, 'username');
      const dupAlias = await errorOf(() => store.transaction((tx) => tx.users.insert(user(uuid(2), 'bob'), {
        search: [], aliases: [{ kind: 'email', value: 'a@example.com' }],
      })));
      assert.ok(dupAlias instanceof UniqueViolation);
      assert.equal(dupAlias.index, 'alias:email');
      assert.equal(await store.users.get(uuid(2)), undefined, 'the failed transaction left nothing behind');
    });

    it('writes only the fields named, and replaces the indexes when given', async () => {
      await store.users.update(uuid(1), { status: 'RESET_REQUIRED', updatedAt: NOW + 5 });
      const read = await store.users.get(uuid(1));
      assert.equal(read?.status, 'RESET_REQUIRED');
      assert.deepEqual(read?.attributes, { sub: uuid(1), email: 'a@example.com' });
      assert.deepEqual(read?.state, { preferredMfa: 'SMS_MFA' });
      assert.equal(read?.updatedAt, NOW + 5);
      await store.users.update(uuid(1), { attributes: { sub: uuid(1), email: 'b@example.com' } }, {
        search: [{ attr: 'email', value: 'b@example.com' }], aliases: [{ kind: 'email', value: 'b@example.com' }],
      });
      assert.equal(await store.users.getByAlias(POOL, 'email', 'a@example.com'), undefined);
      assert.equal((await store.users.getByAlias(POOL, 'email', 'b@example.com'))?.id, uuid(1));
    });

    it('lists by username and by searched value, = and ^= (beyond U+FFFF too), paging in order', async () => {
      const names = ['carol', 'dave', 'erin'];
      for (const [i, name] of names.entries()) {
        await store.users.insert(user(uuid(10 + i), name), { search: [{ attr: 'given_name', value: i === 2 ? 'z\u{1F600}' : `z${i}` }], aliases: [] });
      }
      const all = [];
      let next: string | undefined;
      do {
        const page = await store.users.list(POOL, undefined, { limit: 2, after: next });
        all.push(...page.items.map((u) => u.username));
        next = page.next;
      } while (next);
      assert.deepEqual(all, ['Alice', 'carol', 'dave', 'erin']);
      const prefix = await store.users.list(POOL, { attr: 'given_name', op: 'prefix', value: 'z' }, { limit: 10 });
      assert.deepEqual(prefix.items.map((u) => u.username), ['carol', 'dave', 'erin']);
      const equals = await store.users.list(POOL, { attr: 'given_name', op: 'equals', value: 'z1' }, { limit: 10 });
      assert.deepEqual(equals.items.map((u) => u.username), ['dave']);
    });

    it('deletes a user for exactly one of concurrent deletes', async () => {
      await store.users.insert(user(uuid(20), 'doomed'), { search: [], aliases: [] });
      const results = await Promise.all(Array.from({ length: 8 }, () => store.users.delete(uuid(20))));
      assert.equal(count(results, (r) => r), 1);
    });
  });

  describe('groups', () => {
    it('adds a member once however many add it at once, and drops memberships with the group', async () => {
      await store.groups.insert({ poolId: POOL, name: 'admins', description: null, precedence: 1, roleArn: null, createdAt: NOW, updatedAt: NOW });
      await Promise.all(Array.from({ length: 6 }, () => store.groups.addMember(POOL, 'admins', uuid(1))));
      assert.deepEqual((await store.groups.listMembers(POOL, 'admins', { limit: 10 })).items.map((u) => u.id), [uuid(1)]);
      assert.deepEqual((await store.groups.groupsOf(uuid(1))).map((g) => g.name), ['admins']);
      await store.groups.delete(POOL, 'admins');
      assert.deepEqual(await store.groups.groupsOf(uuid(1)), []);
    });
  });

  describe('codes', () => {
    it('counts at most `limit` attempts of a burst, and only on the live code of that hash', async () => {
      await store.codes.put({ userId: uuid(1), purpose: 'forgot', poolId: POOL, codeHash: 'h1', expiresAt: NOW + 60_000, attempts: 0, createdAt: NOW });
      const attempts = await Promise.all(Array.from({ length: 20 }, () => store.codes.reserveAttempt(uuid(1), 'forgot', 'h1', 5, NOW)));
      assert.deepEqual(attempts.filter((a) => a !== undefined).sort(), [1, 2, 3, 4, 5]);
      assert.equal(await store.codes.reserveAttempt(uuid(1), 'forgot', 'other', 5, NOW), undefined);
      await store.codes.put({ userId: uuid(1), purpose: 'forgot', poolId: POOL, codeHash: 'h2', expiresAt: NOW + 60_000, attempts: 0, createdAt: NOW });
      assert.equal(await store.codes.reserveAttempt(uuid(1), 'forgot', 'h2', 5, NOW + 60_000), undefined, 'expired at its expiry');
    });

    it('lets one of concurrent consumers have the code', async () => {
      await store.codes.put({ userId: uuid(1), purpose: 'signup', poolId: POOL, codeHash: 'c', expiresAt: NOW + 60_000, attempts: 0, createdAt: NOW });
      assert.equal(await store.codes.consume(uuid(1), 'signup', 'wrong'), false);
      const results = await Promise.all(Array.from({ length: 15 }, () => store.codes.consume(uuid(1), 'signup', 'c')));
      assert.equal(count(results, (r) => r), 1);
      assert.equal(await store.codes.get(uuid(1), 'signup'), undefined);
    });
  });

  describe('counters, quotas and decoy codes', () => {
    it('counts every concurrent hit once, and restarts a window that ended', async () => {
      const hits = await Promise.all(Array.from({ length: 30 }, () => store.counters.hit('k', 1_000, NOW)));
      assert.deepEqual(hits.sort((a, b) => a - b), Array.from({ length: 30 }, (_, i) => i + 1));
      assert.equal(await store.counters.get('k', NOW), 30);
      assert.equal(await store.counters.hit('k', 1_000, NOW + 1_000), 1);
    });

    it('gives concurrent quota additions distinct running totals', async () => {
      const totals = await Promise.all(Array.from({ length: 20 }, () => store.quotas.add('q:1', 2, NOW + 1_000)));
      assert.deepEqual(totals.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
      await store.quotas.setLimit('UserAuthentication', 250, NOW);
      await store.quotas.setLimit('UserAuthentication', 300, NOW);
      assert.deepEqual(await store.quotas.limits(), { UserAuthentication: 300 });
    });

    it('counts every wrong guess at a decoy once; an expired one is issued afresh', async () => {
      const issue = { poolId: POOL, codeHash: 'd', body: 'sealed', expiresAt: NOW + 60_000, createdAt: NOW };
      assert.equal(await store.decoyCodes.guess('ghost', 'forgot', NOW), undefined);
      const guesses = await Promise.all(Array.from({ length: 10 }, () => store.decoyCodes.guess('ghost', 'forgot', NOW, issue)));
      assert.deepEqual(guesses.sort((a, b) => (a ?? 0) - (b ?? 0)), Array.from({ length: 10 }, (_, i) => i + 1));
      assert.equal(await store.decoyCodes.guess('ghost', 'forgot', NOW + 60_000, { ...issue, expiresAt: NOW + 120_000 }), 1);
    });
  });

  describe('outbox', () => {
    it('hands each due message to one of concurrent claimers, and reports the backlog', async () => {
      const never = Number.MAX_SAFE_INTEGER;
      for (let i = 0; i < 6; i++) {
        await store.outbox.add({ poolId: POOL, channel: 'EMAIL', destination: `u${i}@example.com`, subject: null, body: 'b', purpose: 'signup', username: 'u', createdAt: NOW + i, nextAttemptAt: NOW });
      }
      const claims = await Promise.all(Array.from({ length: 4 }, () => store.transaction((tx) => tx.outbox.claimDue(NOW, 2, 30_000))));
      const ids = claims.flat().map((m) => m.id);
      assert.equal(new Set(ids).size, ids.length, 'no message claimed twice');
      assert.equal(ids.length, 6);
      assert.deepEqual(await store.outbox.claimDue(NOW, 10, 30_000), [], 'leased');
      // Concurrent claimers finish in any order: the oldest message is the one sent.
      const [oldest, next] = claims.flat().sort((a, b) => a.createdAt - b.createdAt).map((m) => m.id);
      await store.outbox.markSent(oldest!, NOW);
      await store.outbox.markFailed(next!, 'bounced', NOW + 1_000);
      assert.deepEqual(await store.outbox.backlog(never), { pending: 5, retrying: 1, oldestCreatedAt: NOW + 1 });
      await store.outbox.purgeFinished(NOW, never);
      assert.equal((await store.outbox.list({ poolId: POOL, limit: 10 })).length, 5);
    });
  });

  describe('tokens', () => {
    it('inserts a signing key generation for one of concurrent writers', async () => {
      const key = { poolId: POOL, use: 'id' as const, generation: 1, kid: 'kid-1', privateKeyEnc: 'sealed', publicJwk: { kty: 'RSA' }, createdAt: NOW, retiredAt: null, publishUntil: null };
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.signingKeys.insertIfAbsent({ ...key, kid: `kid-1-${i}` })));
      assert.equal(count(results, (r) => r), 1);
      await store.signingKeys.insertIfAbsent({ ...key, generation: 2, kid: 'kid-2' });
      await store.signingKeys.retireOlder(POOL, 'id', 2, NOW, NOW + 10);
      assert.equal((await store.signingKeys.listPublished(POOL, NOW + 5)).length, 2);
      assert.deepEqual((await store.signingKeys.listPublished(POOL, NOW + 10)).map((k) => k.kid), ['kid-2']);
    });

    it('rotates a refresh token out for one of concurrent rotations without a grace period', async () => {
      const token = { tokenHash: 't1', poolId: POOL, clientId: 'contractclient1', userId: uuid(1), deviceKey: null, originJti: 'o1', authTime: NOW, issuedAt: NOW, expiresAt: NOW + 60_000, revokedAt: null, replacedBy: null, graceUntil: null };
      await store.refreshTokens.insert(token);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.refreshTokens.markReplaced('t1', `s${i}`, NOW, NOW)));
      assert.equal(count(results, (r) => r), 1);
      await store.refreshTokens.insert({ ...token, tokenHash: 't2' });
      await store.refreshTokens.revokeFamily('o1', NOW + 1);
      assert.equal((await store.refreshTokens.get('t2'))?.revokedAt, NOW + 1);
      assert.equal(await store.refreshTokens.purgeExpired(NOW + 60_000, 1), 1);
      assert.equal(await store.refreshTokens.purgeExpired(NOW + 60_000, 10), 1);
    });

    it('moves a revocation forward only', async () => {
      await store.revocations.put('user:x', NOW + 10, NOW + 100);
      await store.revocations.put('user:x', NOW, NOW + 50);
      assert.deepEqual(await store.revocations.find(['user:x', 'user:y']), [{ key: 'user:x', revokedAt: NOW + 10 }]);
    });

    it('reads a user and the revocations under its keys in one call', async () => {
      const id = uuid(7);
      await store.users.insert(user(id, 'revoked-one', { attributes: { sub: id } }), { search: [], aliases: [] });
      const none = await store.revocations.findWithUser(id, [`user:${id}`, 'family:f1']);
      assert.equal(none.user?.username, 'revoked-one');
      assert.deepEqual(none.user, await store.users.get(id));
      assert.deepEqual(none.revocations, []);
      await store.revocations.put(`user:${id}`, NOW + 5, NOW + 100);
      await store.revocations.put('family:f1', NOW + 6, NOW + 100);
      const both = await store.transaction((tx) => tx.revocations.findWithUser(id, [`user:${id}`, 'family:f1']));
      assert.deepEqual(both.revocations, [{ key: `user:${id}`, revokedAt: NOW + 5 }, { key: 'family:f1', revokedAt: NOW + 6 }]);
      assert.deepEqual((await store.revocations.findWithUser(id, ['family:f1'])).revocations, [{ key: 'family:f1', revokedAt: NOW + 6 }]);
      const gone = await store.revocations.findWithUser(uuid(8), [`user:${uuid(8)}`, 'family:f1']);
      assert.equal(gone.user, undefined);
      assert.deepEqual(gone.revocations, [{ key: 'family:f1', revokedAt: NOW + 6 }]);
    });
  });

  describe('sign-in state', () => {
    it('reserves no more attempts than the lock leaves room for, however many ask at once', async () => {
      const lock = { free: 3, baseMs: 1_000, maxMs: 60_000 };
      const results = await Promise.all(Array.from({ length: 20 }, () => store.signInFailures.reserve('s1', NOW, NOW - 900_000, lock, 10_000)));
      assert.equal(count(results, (r) => r), 3);
      for (let i = 0; i < 3; i++) await store.signInFailures.recordFailure('s1', NOW);
      assert.equal((await store.signInFailures.get('s1'))?.failures, 3);
      assert.equal(await store.signInFailures.reserve('s1', NOW + 999, NOW - 900_000, lock, 10_000), false, 'locked for base * 2^0');
      assert.equal(await store.signInFailures.reserve('s1', NOW + 1_000, NOW - 900_000, lock, 10_000), true);
    });

    it('uses a nonce once, and gives every node the first-written server secret', async () => {
      const uses = await Promise.all(Array.from({ length: 10 }, () => store.usedNonces.consume('n1', NOW + 1_000)));
      assert.equal(count(uses, (u) => u), 1);
      const secrets = await Promise.all(Array.from({ length: 6 }, (_, i) => store.serverSecrets.getOrCreate('s', `candidate-${i}`, NOW)));
      assert.equal(new Set(secrets).size, 1);
    });
  });

  describe('sealed columns', () => {
    it('scans every registry entry with the parts its context needs, in key order, and swaps a value only if unchanged', async () => {
      const vault = new KeyVault([{ id: 'k1', key: Buffer.alloc(32, 7) }]);
      const found = new Map<string, number>();
      for (const column of sealedColumns) {
        let after: string | undefined;
        const keys: string[] = [];
        for (;;) {
          const page = await store.sealed.scan(column, after, 2);
          if (page.length === 0) break;
          keys.push(...page.map((v) => v.key));
          after = page.at(-1)!.key;
          for (const value of page) {
            // Re-seal under the row's own context: what rotate-kek does.
            const sealed = vault.seal('x', column.context(value.parts));
            assert.equal(await store.sealed.replace(column, value.key, value.sealed, sealed), true);
            assert.equal(await store.sealed.replace(column, value.key, value.sealed, sealed), false, 'changed meanwhile');
          }
        }
        const sorted = column.keyType === 'integer' ? [...keys].sort((a, b) => Number(a) - Number(b)) : [...keys].sort();
        assert.deepEqual(keys, sorted);
        found.set(column.name, keys.length);
        for (const value of await store.sealed.scan(column, undefined, 100)) {
          assert.equal(vault.openString(value.sealed, column.context(value.parts)), 'x');
        }
      }
      // Written above: one client secret, the signing keys, the server secret, five messages; a user's credentials below.
      assert.deepEqual(Object.fromEntries(found), { user_credentials: 0, client_secret: 1, signing_key: 2, server_secret: 1, outbox_body: 5 });
      await store.users.update(uuid(1), { credentialsEnc: 'sealed-credentials' });
      assert.deepEqual((await store.sealed.scan(sealedColumns[0]!, undefined, 10)).map((v) => v.key), [uuid(1)]);
    });

    it('keeps one canary per key', async () => {
      await store.kekCanaries.insertIfAbsent({ keyId: 'k1', canaryEnc: 'a', createdAt: NOW });
      await store.kekCanaries.insertIfAbsent({ keyId: 'k1', canaryEnc: 'b', createdAt: NOW });
      assert.deepEqual(await store.kekCanaries.list(), [{ keyId: 'k1', canaryEnc: 'a', createdAt: NOW }]);
      await store.kekCanaries.delete('k1');
      assert.deepEqual(await store.kekCanaries.list(), []);
    });
  });
});
