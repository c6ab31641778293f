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
import { MissingParent, UniqueViolation, type Store } from '../../src/storage/store.ts';
import { sealedColumns } from '../../src/userPools/sealed/columns.ts';
import type { UserRow } from '../../src/userPools/users/store.ts';
import type { DeviceRow } from '../../src/userPools/devices/store.ts';
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

    it('fills a free secret slot once of concurrent tries, and never empties the last secret', async () => {
      const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => store.clients.fillSecretSlot('contractclient1', 2, `second-${i}`, NOW + 5)));
      assert.equal(wins.filter(Boolean).length, 1);
      assert.equal(await store.clients.fillSecretSlot('contractclient1', 1, 'third', NOW + 6), false, 'both slots full');
      const read = await store.clients.get('contractclient1');
      assert.equal(read?.secretEnc, 'sealed-secret');
      assert.equal(read?.secret2CreatedAt, NOW + 5);
      assert.equal(await store.clients.clearSecretSlot('contractclient1', 2, NOW + 4), false, 'another secret');
      const clears = await Promise.all([
        store.clients.clearSecretSlot('contractclient1', 1, NOW), store.clients.clearSecretSlot('contractclient1', 2, NOW + 5),
      ]);
      assert.equal(clears.filter(Boolean).length, 1, 'the last secret stays');
      const second = `second-${wins.indexOf(true)}`;
      const kept = await store.clients.get('contractclient1');
      // Put the first slot back as it was for the sealed-column cases below.
      if (kept?.secretEnc === null) {
        assert.equal(await store.clients.fillSecretSlot('contractclient1', 1, 'sealed-secret', NOW), true);
      } else {
        assert.equal(kept?.secret2Enc, null);
        assert.equal(await store.clients.fillSecretSlot('contractclient1', 2, second, NOW + 5), true);
      }
    });
  });

  describe('OAuth management (domains, resource servers, terms)', () => {
    it('gives a domain name to one pool, and a pool one domain of each kind, of concurrent inserts', async () => {
      await store.pools.insert({ id: 'us-east-1_Contract4', name: 'd', config: {}, userCount: 0, createdAt: NOW, updatedAt: NOW });
      const domain = (name: string, poolId: string, kind: 'prefix' | 'custom' = 'prefix') =>
        ({ domain: name, poolId, kind, managedLoginVersion: 1, customDomainConfig: null, createdAt: NOW, updatedAt: NOW });
      const names = await Promise.allSettled([POOL, 'us-east-1_Contract4', POOL].map((p) => store.domains.insert(domain('contract-one', p))));
      assert.equal(names.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of names) if (r.status === 'rejected') assert.ok(r.reason instanceof UniqueViolation);
      const owner = (await store.domains.get('contract-one'))!.poolId;
      await assert.rejects(store.domains.insert(domain('contract-two', owner)), UniqueViolation);
      await store.domains.insert(domain('auth.contract.example', owner, 'custom'));
      assert.deepEqual((await store.domains.forPool(owner)).map((d) => d.kind).sort(), ['custom', 'prefix']);
      assert.equal(await store.domains.update({ domain: 'contract-one', poolId: 'us-east-1_Other', managedLoginVersion: 2, customDomainConfig: null, updatedAt: NOW }), false);
      assert.equal(await store.domains.delete(owner, 'contract-one'), true);
      assert.equal(await store.domains.delete(owner, 'contract-one'), false);
      await store.pools.delete('us-east-1_Contract4');
    });

    it('keeps resource servers by (pool, identifier), counted and paged', async () => {
      const server = (identifier: string) => ({ poolId: POOL, identifier, name: identifier, scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }], createdAt: NOW, updatedAt: NOW });
      await store.resourceServers.insert(server('https://b.example'));
      await store.resourceServers.insert(server('a'));
      await assert.rejects(store.resourceServers.insert(server('a')), UniqueViolation);
      assert.equal(await store.resourceServers.count(POOL), 2);
      const page = await store.resourceServers.list(POOL, { limit: 1 });
      assert.deepEqual(page.items.map((s) => s.identifier), ['a']);
      assert.deepEqual((await store.resourceServers.list(POOL, { limit: 1, after: page.next! })).items.map((s) => s.identifier), ['https://b.example']);
      assert.deepEqual((await store.resourceServers.get(POOL, 'a'))?.scopes, [{ ScopeName: 'read', ScopeDescription: 'r' }]);
      for (const id of ['a', 'https://b.example']) assert.equal(await store.resourceServers.delete(POOL, id), true);
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
      const profiles = await store.users.findProfileByName(POOL, { usernameKey: 'alice', aliases: [{ kind: 'email', value: 'a@example.com' }], sub: uuid(1) });
      assert.deepEqual(profiles.map((f) => f.via).sort(), ['alias:email', 'sub', 'username']);
      for (const { user: u } of profiles) {
        const { credentialsEnc: _sealed, ...profile } = (await store.users.get(uuid(1)))!;
        assert.deepEqual(u, profile, 'the user as findByName reads it, without its credentials');
      }

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

    it('refuses a user whose pool is gone as MissingParent (a pool another node deleted), leaving nothing', async () => {
      const orphan = { ...user(uuid(3), 'orphan'), poolId: 'us-east-1_Gone' };
      const gone = await errorOf(() => store.transaction((tx) => tx.users.insert(orphan, { search: [], aliases: [] })));
      assert.ok(gone instanceof MissingParent, String(gone));
      assert.equal(gone.parent, 'pool');
      assert.equal(await store.users.get(uuid(3)), undefined);
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

    it('claims nothing without writing when nothing is due (an idle poll leaves no commit to sync)', async () => {
      await store.durable();
      assert.deepEqual(await store.outbox.claimDue(NOW - 1_000_000, 20, 30_000), []);
      assert.equal(store.durable(), undefined, 'no commit to wait for');
    });

    it('records one outcome for a batch of messages, and only for the ones named', async () => {
      const never = Number.MAX_SAFE_INTEGER;
      const ids: number[] = [];
      for (let i = 0; i < 60; i++) {
        ids.push(await store.outbox.add({ poolId: POOL, channel: 'SMS', destination: `+1555000${String(i).padStart(4, '0')}`, subject: null, body: 'b', purpose: 'verify', username: 'u', createdAt: NOW + i, nextAttemptAt: NOW }));
      }
      const claimed = await store.transaction((tx) => tx.outbox.claimDue(NOW, 60, 30_000));
      const mine = claimed.filter((m) => ids.includes(m.id)).map((m) => m.id);
      assert.equal(mine.length, 60);
      // More than one statement's worth (50), all but one.
      await store.outbox.markAllFailed(mine.slice(1), 'kept', never);
      const rows = (await store.outbox.list({ poolId: POOL, limit: 200 })).filter((m) => ids.includes(m.id));
      const kept = rows.filter((m) => m.lastError === 'kept');
      assert.equal(kept.length, 59);
      assert.ok(kept.every((m) => m.nextAttemptAt === never && m.sentAt === null));
      assert.equal(rows.find((m) => m.id === mine[0])!.lastError, null, 'the message not named is untouched');
      // Leave the outbox as the tests after this one expect it.
      await store.outbox.markAllFailed([mine[0]!], 'kept', never);
      await store.outbox.purgeFinished(NOW + 100, never);
      assert.equal((await store.outbox.list({ poolId: POOL, limit: 200 })).filter((m) => ids.includes(m.id)).length, 0);
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
      // The user without its sealed credentials (a token-authorised call does not show them).
      const { credentialsEnc: _sealed, ...profile } = (await store.users.get(id))!;
      assert.deepEqual(none.user, profile);
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

  describe('authorization codes and managed-login sessions', () => {
    it('redeems a code for one of concurrent redemptions; the others are replays, another client\'s unknown', async () => {
      const code = {
        codeHash: 'c1', poolId: POOL, clientId: 'contractclient1', userId: uuid(1), redirectUri: 'https://app.example/cb', scope: 'openid',
        nonce: 'n', codeChallenge: null, resource: null, authTime: NOW, originJti: 'oc1', expiresAt: NOW + 300_000, usedAt: null,
      };
      await store.authorizationCodes.insert(code);
      assert.deepEqual(await store.authorizationCodes.redeem('c1', 'contractclient2', NOW), { outcome: 'unknown' });
      const results = await Promise.all(Array.from({ length: 10 }, () => store.authorizationCodes.redeem('c1', 'contractclient1', NOW)));
      assert.equal(count(results, (r) => r.outcome === 'redeemed'), 1);
      assert.equal(count(results, (r) => r.outcome === 'replayed'), 9);
      const won = results.find((r) => r.outcome === 'redeemed')!;
      assert.deepEqual(won.outcome === 'redeemed' && won.row, { ...code, usedAt: NOW });
      assert.deepEqual(await store.authorizationCodes.redeem('nope', 'contractclient1', NOW), { outcome: 'unknown' });
      await store.authorizationCodes.purgeExpired(NOW + 300_000);
      assert.deepEqual(await store.authorizationCodes.redeem('c1', 'contractclient1', NOW), { outcome: 'unknown' });
    });

    it('reads a session only while it lives, and ends it once', async () => {
      await store.hostedSessions.insert({ idHash: 'h1', poolId: POOL, userId: uuid(1), authTime: NOW, expiresAt: NOW + 3_600_000 });
      assert.equal((await store.hostedSessions.getLive('h1', NOW))?.userId, uuid(1));
      assert.equal(await store.hostedSessions.getLive('h1', NOW + 3_600_000), undefined);
      const ends = await Promise.all(Array.from({ length: 5 }, () => store.hostedSessions.end('h1')));
      assert.equal(count(ends, (e) => e), 1);
      assert.equal(await store.hostedSessions.getLive('h1', NOW), undefined);
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

  describe('identity pools', () => {
    const IDP = 'us-east-1:00000000-0000-4000-8000-00000000c0de';
    const identity = (n: number) => ({ id: `us-east-1:${uuid(n)}`, poolId: IDP, disabled: false, createdAt: NOW, updatedAt: NOW });
    const login = (identityId: string, subject: string) => ({ poolId: IDP, provider: 'p.example', subject, identityId, createdAt: NOW });

    it('counts pools against the account\'s limit atomically (seeded from the pools that exist)', async () => {
      const existing = (await store.identityPools.list({ limit: 60 })).items.length;
      const max = existing + 3;
      const wins = await Promise.all(Array.from({ length: 8 }, () => store.transaction((tx) => tx.identityPools.claimSlot(max))));
      assert.equal(count(wins, (w) => w), 3);
      await store.transaction((tx) => tx.identityPools.releaseSlot());
      assert.equal(await store.transaction((tx) => tx.identityPools.claimSlot(max)), true);
      assert.equal(await store.transaction((tx) => tx.identityPools.claimSlot(max)), false);
    });

    it('writes each column of a pool on its own, and deletes a pool with its identities', async () => {
      await store.identityPools.insert({
        id: IDP, name: 'ip', config: { AllowUnauthenticatedIdentities: true }, roles: { Roles: {} }, tagMaps: {}, tags: {}, createdAt: NOW, updatedAt: NOW,
      });
      await store.identityPools.updateRoles(IDP, { Roles: { authenticated: 'arn:aws:iam::000000000000:role/a' } }, NOW + 1);
      await store.identityPools.updateTags(IDP, { a: 'b' }, NOW + 2);
      const pool = await store.identityPools.get(IDP);
      assert.deepEqual(pool?.config, { AllowUnauthenticatedIdentities: true });
      assert.deepEqual(pool?.roles.Roles, { authenticated: 'arn:aws:iam::000000000000:role/a' });
      assert.deepEqual(pool?.tags, { a: 'b' });
    });

    it('gives a login to one identity of concurrent inserts, moves logins on a merge, and pages', async () => {
      await store.identities.insert(identity(1));
      await store.identities.insert(identity(2));
      const results = await Promise.allSettled([1, 2, 1, 2].map((n) => store.identities.insertLogin(login(identity(n).id, 'alice'))));
      assert.equal(count(results, (r) => r.status === 'fulfilled'), 1);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof UniqueViolation));
      const owner = (await store.identities.findLogin(IDP, 'p.example', 'alice'))!.identityId;
      const other = owner === identity(1).id ? identity(2).id : identity(1).id;
      await store.identities.insertLogin(login(other, 'bob'));
      assert.equal(await store.identities.moveLogins(other, owner), 1);
      assert.equal(await store.identities.disable(other, NOW + 1), true);
      assert.equal(await store.identities.disable(other, NOW + 2), false);
      assert.deepEqual((await store.identities.loginsOf(owner)).map((l) => l.subject), ['alice', 'bob']);
      const page = await store.identities.list(IDP, true, { limit: 10 });
      assert.deepEqual(page.items.map((i) => i.id), [owner]);
      assert.equal((await store.identities.list(IDP, false, { limit: 1 })).next !== undefined, true);
      assert.equal(await store.identities.deleteLogin(IDP, 'p.example', 'bob', other), false);
      assert.equal(await store.identities.delete(owner), true);
      assert.equal(await store.identities.findLogin(IDP, 'p.example', 'alice'), undefined);
      assert.equal(await store.identityPools.delete(IDP), true);
      assert.equal(await store.identities.get(other), undefined);
    });
  });

  describe('software tokens', () => {
    const token = (id: string, userId: string) => ({
      id, userId, poolId: POOL, secretEnc: `sealed-${id}`, verified: false, friendlyName: null, lastStep: null, createdAt: NOW,
    });
    it('keeps one pending and one verified token per user, promotes once, and accepts each time step once', async () => {
      await store.softwareTokens.putPending(token(uuid(101), uuid(1)));
      await store.softwareTokens.putPending(token(uuid(102), uuid(1)));
      assert.equal((await store.softwareTokens.pendingOf(uuid(1)))?.id, uuid(102), 'the later pending token replaces the earlier');
      assert.equal(await store.softwareTokens.get(uuid(101)), undefined);
      const promotions = await Promise.all(Array.from({ length: 8 }, () => store.softwareTokens.promote(uuid(102), uuid(1), 'phone', 100)));
      assert.equal(count(promotions, (p) => p), 1);
      const verified = await store.softwareTokens.verifiedOf(uuid(1));
      assert.deepEqual({ ...verified, createdAt: NOW }, { ...token(uuid(102), uuid(1)), verified: true, friendlyName: 'phone', lastStep: 100 });
      assert.equal(await store.softwareTokens.pendingOf(uuid(1)), undefined);

      const claims = await Promise.all(Array.from({ length: 10 }, () => store.softwareTokens.claimStep(uuid(102), 101)));
      assert.equal(count(claims, (c) => c), 1, 'one winner per time step');
      assert.equal(await store.softwareTokens.claimStep(uuid(102), 100), false, 'an earlier step is spent too');
      assert.equal(await store.softwareTokens.claimStep(uuid(102), 102), true);

      // A new token verified replaces the old one; deleting removes both kinds.
      await store.softwareTokens.putPending(token(uuid(103), uuid(1)));
      assert.equal(await store.softwareTokens.promote(uuid(103), uuid(1), null, 5), true);
      assert.equal((await store.softwareTokens.verifiedOf(uuid(1)))?.id, uuid(103));
      assert.equal(await store.softwareTokens.get(uuid(102)), undefined);
      await store.softwareTokens.putPending(token(uuid(104), uuid(1)));
      assert.equal(await store.softwareTokens.deleteOf(uuid(1)), true);
      assert.equal(await store.softwareTokens.deleteOf(uuid(1)), false);
      assert.equal(await store.softwareTokens.pendingOf(uuid(1)), undefined);
      await store.softwareTokens.putPending(token(uuid(105), uuid(1)));
    });
  });

  describe('IAM roles and STS credentials', () => {
    const role = { nameKey: 'reader', name: 'Reader', path: '/', roleId: 'AROAAAAAAAAAAAAAAAAAA', arn: 'arn:aws:iam::000000000000:role/Reader',
      trustPolicy: '{}', description: undefined, maxSessionDuration: 3600, tags: [], createdAt: NOW };
    const credential = (id: string, sessionName = 's', expiresAt = NOW + 3600_000) => ({
      accessKeyId: id, secretEnc: 'sealed', roleArn: role.arn, roleNameKey: 'reader', sessionName, assumedRoleId: `${role.roleId}:${sessionName}`,
      identity: { provider: 'p', subject: 'sub', audience: 'aud', amr: ['authenticated'] }, principalTags: { team: 'blue' },
      sessionPolicies: [], unknownRole: false, createdAt: NOW, expiresAt, revokedAt: undefined,
    });

    it('keeps roles unique by name regardless of case, with their inline policies', async () => {
      await store.roles.insert(role);
      assert.ok((await errorOf(() => store.roles.insert({ ...role, roleId: 'AROAB' }))) instanceof UniqueViolation);
      await store.roles.putPolicy({ roleNameKey: 'reader', policyName: 'a', document: '{"v":1}' });
      await store.roles.putPolicy({ roleNameKey: 'reader', policyName: 'a', document: '{"v":2}' });
      assert.deepEqual(await store.roles.policies('reader'), [{ roleNameKey: 'reader', policyName: 'a', document: '{"v":2}' }]);
      assert.equal((await store.roles.list('/', { limit: 10 })).items.length, 1);
      assert.equal((await store.roles.list('/app/', { limit: 10 })).items.length, 0);
    });

    it('revokes one credential once under concurrent calls, a session\'s live ones, and purges expired ones', async () => {
      await store.temporaryCredentials.insert(credential('ASIAONE'));
      assert.deepEqual((await store.temporaryCredentials.get('ASIAONE'))?.principalTags, { team: 'blue' });
      const wins = await Promise.all(Array.from({ length: 10 }, () => store.temporaryCredentials.revoke('ASIAONE', NOW + 1)));
      assert.equal(count(wins, (w) => w), 1);
      await store.temporaryCredentials.insert(credential('ASIATWO', 'x'));
      await store.temporaryCredentials.insert(credential('ASIATHREE', 'x'));
      await store.temporaryCredentials.insert(credential('ASIAOLD', 'x', NOW - 1));
      assert.equal(await store.temporaryCredentials.revokeSessions(role.arn, 'x', NOW), 2);
      assert.equal(await store.temporaryCredentials.purgeExpired(NOW), 1);
      assert.equal(await store.temporaryCredentials.get('ASIAOLD'), undefined);
    });

    it('keeps OpenID Connect providers unique by URL, with their client ids, and deletes one once', async () => {
      const provider = { urlKey: 'idp.example/x', url: 'https://idp.example/x', arn: 'arn:aws:iam::000000000000:oidc-provider/idp.example/x',
        clientIds: ['a', 'b'], thumbprints: [], tags: [{ Key: 'k', Value: 'v' }], createdAt: NOW };
      await store.oidcProviders.insert(provider);
      assert.ok((await errorOf(() => store.oidcProviders.insert(provider))) instanceof UniqueViolation);
      assert.deepEqual(await store.oidcProviders.get('idp.example/x'), provider);
      assert.deepEqual((await store.oidcProviders.list()).map((p) => p.urlKey), ['idp.example/x']);
      const deletes = await Promise.all([store.oidcProviders.delete('idp.example/x'), store.oidcProviders.delete('idp.example/x')]);
      assert.equal(count(deletes, (d) => d), 1);
    });
  });

  describe('passkeys', () => {
    const credential = (credentialId: string, createdAt: number) => ({
      credentialId, userId: uuid(1), poolId: POOL, publicKey: 'pk', signCount: 0, transports: ['internal'], friendlyName: 'Passkey',
      relyingPartyId: 'localhost', aaguid: '00000000-0000-0000-0000-000000000000', authenticatorAttachment: 'platform', createdAt,
    });
    it('stores a credential id once, pages a user\'s credentials, deletes only the owner\'s, and claims each sign counter once', async () => {
      await store.webAuthnCredentials.insert(credential('cred-b', NOW));
      await store.webAuthnCredentials.insert(credential('cred-a', NOW));
      await store.webAuthnCredentials.insert(credential('cred-c', NOW + 1));
      await assert.rejects(store.webAuthnCredentials.insert(credential('cred-a', NOW + 2)), UniqueViolation);
      const first = await store.webAuthnCredentials.listOf(uuid(1), 2);
      assert.deepEqual(first.items.map((c) => c.credentialId), ['cred-a', 'cred-b']);
      const second = await store.webAuthnCredentials.listOf(uuid(1), 2, first.next);
      assert.deepEqual(second.items.map((c) => c.credentialId), ['cred-c']);
      assert.equal(second.next, undefined);
      assert.deepEqual(await store.webAuthnCredentials.get('cred-a'), credential('cred-a', NOW));

      const claims = await Promise.all(Array.from({ length: 10 }, () => store.webAuthnCredentials.claimCounter('cred-a', 7)));
      assert.equal(count(claims, (c) => c), 1, 'one winner per counter value');
      assert.equal(await store.webAuthnCredentials.claimCounter('cred-a', 6), false, 'a counter that went back');
      assert.equal(await store.webAuthnCredentials.claimCounter('cred-b', 0), true, 'an authenticator without a counter');

      assert.equal(await store.webAuthnCredentials.delete(uuid(2), 'cred-a'), false, 'not their credential');
      assert.equal(await store.webAuthnCredentials.delete(uuid(1), 'cred-a'), true);
      assert.equal(await store.webAuthnCredentials.delete(uuid(1), 'cred-a'), false);
      assert.deepEqual((await store.webAuthnCredentials.allOf(uuid(1))).map((c) => c.credentialId), ['cred-b', 'cred-c']);
    });
  });

  describe('devices', () => {
    const device = (deviceKey: string, userId: string, expiresAt: number): DeviceRow => ({
      deviceKey, poolId: POOL, userId, groupKey: '-group', verifier: null, salt: null, name: null, status: null,
      lastAuthenticatedAt: null, lastIp: null, createdAt: NOW, modifiedAt: NOW, expiresAt,
    });
    it('confirms a device once, lists and changes only confirmed ones, and sweeps the unconfirmed when expired', async () => {
      await store.devices.insertPending(device('us-east-1_d1', uuid(1), NOW + 1000));
      await store.devices.insertPending(device('us-east-1_d2', uuid(1), NOW + 1000));
      await store.devices.insertPending(device('us-east-1_d3', uuid(1), NOW + 10));
      const confirmation = { verifier: 'ab', salt: 'cd', name: 'laptop', status: 'remembered' as const };
      const confirms = await Promise.all(Array.from({ length: 8 }, () => store.devices.confirm('us-east-1_d1', uuid(1), confirmation, NOW)));
      assert.equal(count(confirms, (c) => c), 1);
      assert.equal(await store.devices.confirm('us-east-1_d2', uuid(2), confirmation, NOW), false, 'another user\'s device');
      assert.equal(await store.devices.confirm('us-east-1_d3', uuid(1), confirmation, NOW + 10), false, 'expired');
      assert.deepEqual((await store.devices.listOf(uuid(1), { limit: 10 })).items.map((d) => d.deviceKey), ['us-east-1_d1']);
      assert.equal(await store.devices.setStatus('us-east-1_d2', uuid(1), 'remembered', NOW), false, 'unconfirmed');
      assert.equal(await store.devices.setStatus('us-east-1_d1', uuid(1), 'not_remembered', NOW + 5), true);
      assert.equal((await store.devices.get('us-east-1_d1'))?.status, 'not_remembered');
      assert.equal(await store.devices.touch('us-east-1_d1', NOW + 6, '192.0.2.1'), true);
      assert.equal(await store.devices.touch('us-east-1_d2', NOW + 6, '192.0.2.1'), false);
      await store.devices.purgeExpired(NOW + 1000);
      assert.equal(await store.devices.get('us-east-1_d2'), undefined);
      assert.equal((await store.devices.get('us-east-1_d1'))?.lastIp, '192.0.2.1');
      const deletes = await Promise.all(Array.from({ length: 4 }, () => store.devices.delete('us-east-1_d1', uuid(1))));
      assert.equal(count(deletes, (d) => d), 1);
    });
  });

  describe('sealed columns', () => {
    it('scans every registry entry with the parts its context needs, in key order, and swaps a value only if unchanged', async () => {
      const vault = new KeyVault([{ id: 'k1', key: Buffer.alloc(32, 7) }]);
      await store.identityKeys.insertIfAbsent({ generation: 1, kid: 'identity-kid', privateKeyEnc: 'sealed', publicJwk: { kty: 'RSA', n: 'n', e: 'e' }, createdAt: NOW });
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
      // Written above: one client with two secrets, the signing keys, the server secret, five messages, the identity pools' key, a pending software token, three STS credentials; a user's credentials below.
      assert.deepEqual(Object.fromEntries(found), {
        user_credentials: 0, client_secret: 1, client_secret_2: 1, signing_key: 2, identity_signing_key: 1, server_secret: 1, outbox_body: 5,
        sts_credentials: 3, software_token_seed: 1,
      });
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
