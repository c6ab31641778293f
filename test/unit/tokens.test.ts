/**
 * Tokens against a real store (SQLite, or PostgreSQL with ALCOVE_TEST_DATABASE_URL): claim shapes, key creation and rotation, refresh-token
 * format and lifecycle, revocation, and access-token authentication.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { KeyVault } from '../../src/crypto/key-vault.ts';
import { migrate } from '../../src/storage/migrations/index.ts';
import { wrapStore } from '../../src/storage/open.ts';
import { openPostgres, openSqlite } from '../../src/storage/sql/dialect.ts';
import type { Store } from '../../src/storage/store.ts';
import type { UserRow } from '../../src/userPools/users/store.ts';
import type { Services } from '../../src/kernel/context.ts';
import { newUserPoolCaches } from '../../src/userPools/caches.ts';
import { PoolView } from '../../src/userPools/pools/pool-config.ts';
import {
  authenticateAccessToken, globalSignOut, issueTokens, jwksOf, refreshTokens, revokeRefreshToken, rotateSigningKeys,
  type TokenClient,
} from '../../src/userPools/tokens/index.ts';
import { ADMIN_SCOPE } from '../../src/userPools/tokens/claims.ts';
import { signJws } from '../../src/userPools/tokens/jws.ts';
import { hashRefreshToken, REFRESH_TOKEN_HEADER } from '../../src/userPools/tokens/refresh-token.ts';
import { poolKeys } from '../../src/userPools/tokens/signing-keys.ts';

const suffix = () => randomBytes(6).toString('hex');
const POOL_ID = `us-east-1_tok${suffix()}`;
const ROLE_A = 'arn:aws:iam::000000000000:role/a';
const ROLE_B = 'arn:aws:iam::000000000000:role/b';

const decode = (jwt: string) => {
  const [h, p] = jwt.split('.');
  return { header: JSON.parse(Buffer.from(h!, 'base64url').toString()), payload: JSON.parse(Buffer.from(p!, 'base64url').toString()) };
};

const baseClient: TokenClient = {
  id: 'client1abcdefghijklmnopqr',
  accessTokenValiditySeconds: 3600,
  idTokenValiditySeconds: 3600,
  refreshTokenValiditySeconds: 30 * 86400,
  enableTokenRevocation: true,
  refreshTokenRotation: { enabled: false, retryGracePeriodSeconds: 0 },
  readAttributes: undefined,
};

describe('tokens', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alcove-tokens-'));
  const clock = { t: Date.UTC(2030, 0, 1), now() { return this.t; } };
  const vault = new KeyVault([{ id: 'k1', key: randomBytes(32) }]);
  let store: Store;
  let services: Services;
  let pool: PoolView;
  let user: UserRow;

  const servicesOn = (s: Store): Services => ({
    store: s, vault, clock, log: pino({ level: 'silent' }), notifyOutbox: () => {}, caches: newUserPoolCaches(),
    invokeTrigger: async () => ({ kind: 'unreachable', error: 'ResourceNotFoundException' }),
    settings: { region: 'us-east-1', accountId: '000000000000', publicUrl: 'http://alcove.test:9229/', issuerStyle: 'url', dev: false },
  });

  async function newUser(attributes: Record<string, string> = {}): Promise<UserRow> {
    const id = randomUUID();
    const row: UserRow = {
      id, poolId: POOL_ID, username: `user-${id.slice(0, 8)}`, usernameKey: `user-${id.slice(0, 8)}`, status: 'CONFIRMED',
      enabled: true, attributes: { sub: id, ...attributes }, credentialsEnc: null, state: {}, createdAt: clock.t, updatedAt: clock.t,
    };
    await store.users.insert(row, { search: [], aliases: [] });
    return row;
  }

  const signIn = (u: UserRow, client: TokenClient = baseClient) =>
    issueTokens(store, services, { pool, client, user: u, authTime: Math.floor(clock.t / 1000), issueRefreshToken: true });

  const databaseUrl = process.env.ALCOVE_TEST_DATABASE_URL;
  /** A connection of its own, as another server node would have. */
  const openDb = () => (databaseUrl ? openPostgres(databaseUrl) : openSqlite(dir));

  before(async () => {
    const db = openDb();
    await migrate(db);
    store = wrapStore(db);
    services = servicesOn(store);
    await store.pools.insert({ id: POOL_ID, name: 'tokens', config: {}, userCount: 0, createdAt: clock.t, updatedAt: clock.t });
    pool = new PoolView((await store.pools.get(POOL_ID))!);
    for (const [name, precedence, roleArn] of [['zeta', 1, ROLE_B], ['alpha', null, null], ['beta', 0, ROLE_A]] as const) {
      await store.groups.insert({ poolId: POOL_ID, name, description: null, precedence, roleArn, createdAt: clock.t, updatedAt: clock.t });
    }
    user = await newUser({
      email: 'jane@example.com', email_verified: 'true', phone_number: '+15555550100', updated_at: '1700000000',
      'custom:tier': '42', 'dev:secret': 'x', address: '1 Main St',
    });
    for (const g of ['zeta', 'alpha', 'beta']) await store.groups.addMember(POOL_ID, g, user.id);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues Cognito-shaped ID and access tokens', async () => {
    const result = await signIn(user);
    assert.equal(result.TokenType, 'Bearer');
    assert.equal(result.ExpiresIn, 3600);
    const id = decode(result.IdToken!);
    const access = decode(result.AccessToken!);
    assert.deepEqual(Object.keys(id.header), ['kid', 'alg']);
    assert.equal(id.header.alg, 'RS256');
    assert.notEqual(id.header.kid, access.header.kid, 'ID and access tokens are signed with different keys');

    const iat = Math.floor(clock.t / 1000);
    const iss = `http://alcove.test:9229/${POOL_ID}`;
    assert.deepEqual(id.payload['cognito:groups'], ['beta', 'zeta', 'alpha'], 'by precedence, unset last');
    assert.deepEqual(id.payload['cognito:roles'], [ROLE_A, ROLE_B]);
    assert.equal(id.payload['cognito:preferred_role'], ROLE_A);
    assert.equal(id.payload.sub, user.id);
    assert.equal(id.payload['cognito:username'], user.username);
    assert.equal(id.payload.aud, baseClient.id);
    assert.equal(id.payload.token_use, 'id');
    assert.equal(id.payload.iss, iss);
    assert.equal(id.payload.auth_time, iat);
    assert.equal(id.payload.iat, iat);
    assert.equal(id.payload.exp, iat + 3600);
    assert.equal(id.payload.email_verified, true);
    assert.equal(id.payload.updated_at, 1700000000);
    assert.equal(id.payload['custom:tier'], '42');
    assert.deepEqual(id.payload.address, { formatted: '1 Main St' });
    assert.equal('dev:secret' in id.payload, false);
    assert.equal('phone_number_verified' in id.payload, false, 'absent flags stay absent');
    assert.match(id.payload.jti, /^[0-9a-f-]{36}$/);
    assert.equal(id.payload.origin_jti, access.payload.origin_jti);
    assert.equal(id.payload.event_id, access.payload.event_id);
    assert.notEqual(id.payload.jti, access.payload.jti);

    assert.deepEqual(Object.keys(access.payload).sort(), [
      'auth_time', 'client_id', 'cognito:groups', 'event_id', 'exp', 'iat', 'iss', 'jti', 'origin_jti', 'scope', 'sub',
      'token_use', 'username',
    ]);
    assert.equal(access.payload.token_use, 'access');
    assert.equal(access.payload.scope, 'aws.cognito.signin.user.admin');
    assert.equal(access.payload.client_id, baseClient.id);
    assert.equal(access.payload.username, user.username);
  });

  it('limits ID-token attributes to the client ReadAttributes and adds device_key when given', async () => {
    const client = { ...baseClient, readAttributes: ['email'], enableTokenRevocation: false };
    const result = await issueTokens(store, services, {
      pool, client, user, authTime: 1, deviceKey: 'us-east-1_0f0e0d0c-0000-4000-8000-000000000000', issueRefreshToken: false,
    });
    assert.equal(result.RefreshToken, undefined);
    const id = decode(result.IdToken!).payload;
    assert.equal(id.email, 'jane@example.com');
    assert.equal('email_verified' in id, false);
    assert.equal('origin_jti' in id, false, 'origin_jti only with token revocation');
    const access = decode(result.AccessToken!).payload;
    assert.equal(access.device_key, 'us-east-1_0f0e0d0c-0000-4000-8000-000000000000');
  });

  it('mints refresh tokens in the token alphabet, shaped like Cognito JWEs, stored only hashed', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { RefreshToken } = await signIn(user);
      assert.match(RefreshToken!, /^[A-Za-z0-9-_=.]+$/);
      const parts = RefreshToken!.split('.');
      assert.equal(parts.length, 5);
      assert.equal(parts[0], REFRESH_TOKEN_HEADER);
      assert.ok(parts.slice(1).join('').length * 6 >= 256);
      seen.add(RefreshToken!);
      const row = await store.refreshTokens.get(hashRefreshToken(RefreshToken!));
      assert.equal(row?.tokenHash, hashRefreshToken(RefreshToken!), 'stored under its SHA-256 only');
    }
    assert.equal(seen.size, 20);
  });

  it('refreshes keeping auth_time and origin_jti, and refuses other clients, expired and revoked tokens', async () => {
    const first = await signIn(user);
    const authTime = decode(first.IdToken!).payload.auth_time;
    clock.t += 60_000;
    const refreshed = await refreshTokens(store, services, { client: baseClient, refreshToken: first.RefreshToken!, rotate: false });
    assert.equal(refreshed.RefreshToken, undefined);
    const id = decode(refreshed.IdToken!).payload;
    assert.equal(id.auth_time, authTime);
    assert.equal(id.iat, Math.floor(clock.t / 1000));
    assert.equal(id.origin_jti, decode(first.IdToken!).payload.origin_jti);

    const other = { ...baseClient, id: 'otherclient0000000000000000' };
    for (const [token, client] of [[first.RefreshToken!, other], ['garbage', baseClient], [`${REFRESH_TOKEN_HEADER}.a.b.c.d`, baseClient]] as const) {
      await assert.rejects(refreshTokens(store, services, { client, refreshToken: token, rotate: false }),
        { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    }

    const short = await signIn(user, { ...baseClient, refreshTokenValiditySeconds: 3600 });
    clock.t += 3600_000;
    await assert.rejects(refreshTokens(store, services, { client: baseClient, refreshToken: short.RefreshToken!, rotate: false }),
      { name: 'NotAuthorizedException', message: 'Refresh Token has expired' });

    await revokeRefreshToken(store, services, { client: baseClient, token: first.RefreshToken! });
    await assert.rejects(refreshTokens(store, services, { client: baseClient, refreshToken: first.RefreshToken!, rotate: false }),
      { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('rotates refresh tokens with a retry grace period, then refuses reuse', async () => {
    const client = { ...baseClient, refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 10 } };
    const { RefreshToken: r1 } = await signIn(user, client);
    const a = await refreshTokens(store, services, { client, refreshToken: r1!, rotate: true });
    assert.ok(a.RefreshToken && a.RefreshToken !== r1);
    clock.t += 5_000;
    const retry = await refreshTokens(store, services, { client, refreshToken: r1!, rotate: true });
    assert.ok(retry.RefreshToken, 'inside the grace period the old token still works');
    assert.equal(decode(retry.IdToken!).payload.origin_jti, decode(a.IdToken!).payload.origin_jti, 'retries stay in the family');
    const b = await refreshTokens(store, services, { client, refreshToken: a.RefreshToken!, rotate: true });
    assert.equal(decode(b.IdToken!).payload.origin_jti, decode(a.IdToken!).payload.origin_jti);
    clock.t += 6_000;
    await assert.rejects(refreshTokens(store, services, { client, refreshToken: r1!, rotate: true }),
      { name: 'RefreshTokenReuseException' });
    // The reuse revoked the family: the successors of r1 (and of its retry) are refused too.
    for (const token of [b.RefreshToken!, retry.RefreshToken!]) {
      await assert.rejects(refreshTokens(store, services, { client, refreshToken: token, rotate: true }),
        { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    }

    const strict = { ...client, refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 0 } };
    const { RefreshToken: r2 } = await signIn(user, strict);
    const results = await Promise.allSettled([1, 2, 3].map(() => refreshTokens(store, services, { client: strict, refreshToken: r2!, rotate: true })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'a rotation without grace wins once');
  });

  it('authenticates access tokens and refuses ID tokens, expired, revoked, disabled and deleted users', async () => {
    const u = await newUser();
    const tokens = await signIn(u);
    const ok = await authenticateAccessToken(store, services, ADMIN_SCOPE, tokens.AccessToken!);
    assert.equal(ok.user.id, u.id);
    assert.equal(ok.pool.id, POOL_ID);
    assert.equal(ok.clientId, baseClient.id);

    const invalid = { name: 'NotAuthorizedException', message: 'Invalid Access Token' };
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, tokens.IdToken!), invalid);
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, 'not.a.jwt'), invalid);
    const [h, p, s] = tokens.AccessToken!.split('.');
    const tampered = JSON.parse(Buffer.from(p!, 'base64url').toString());
    tampered.sub = user.id;
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, `${h}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${s}`), invalid);

    clock.t += 3600_000;
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, tokens.AccessToken!),
      { name: 'NotAuthorizedException', message: 'Access Token has expired' });

    const fresh = await signIn(u);
    await store.users.update(u.id, { enabled: false });
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, fresh.AccessToken!),
      { name: 'NotAuthorizedException', message: 'User is disabled.' });
    await assert.rejects(refreshTokens(store, services, { client: baseClient, refreshToken: fresh.RefreshToken!, rotate: false }),
      { name: 'NotAuthorizedException', message: 'User is disabled.' });
    await store.users.delete(u.id);
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, fresh.AccessToken!),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
    await assert.rejects(refreshTokens(store, services, { client: baseClient, refreshToken: fresh.RefreshToken!, rotate: false }),
      { name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('refuses access tokens whose iat or nbf is more than the skew ahead of the clock', async () => {
    const u = await newUser();
    const tokens = await signIn(u);
    const payload = JSON.parse(Buffer.from(tokens.AccessToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const signer = (await poolKeys(services, POOL_ID)).signers.access;
    const nowS = Math.floor(clock.t / 1000);
    const resigned = (claims: Record<string, unknown>) => signJws({ ...payload, ...claims }, signer);
    const invalid = { name: 'NotAuthorizedException', message: 'Invalid Access Token' };
    await authenticateAccessToken(store, services, ADMIN_SCOPE, resigned({ nbf: nowS + 30 }));
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, resigned({ nbf: nowS + 600 })), invalid);
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, resigned({ nbf: 'soon' })), invalid);
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, resigned({ iat: nowS + 600, exp: nowS + 3600 })), invalid);
  });

  it('RevokeToken revokes one family only; GlobalSignOut revokes everything issued before it', async () => {
    const u = await newUser();
    const one = await signIn(u);
    const two = await signIn(u);
    const oneRefreshed = await refreshTokens(store, services, { client: baseClient, refreshToken: one.RefreshToken!, rotate: false });
    await revokeRefreshToken(store, services, { client: baseClient, token: one.RefreshToken! });
    const revoked = { name: 'NotAuthorizedException', message: 'Access Token has been revoked' };
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, one.AccessToken!), revoked);
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, oneRefreshed.AccessToken!), revoked);
    await authenticateAccessToken(store, services, ADMIN_SCOPE, two.AccessToken!);
    await revokeRefreshToken(store, services, { client: baseClient, token: one.RefreshToken! });

    await assert.rejects(revokeRefreshToken(store, services, { client: { ...baseClient, id: 'someoneelse000000000000000' }, token: two.RefreshToken! }),
      { name: 'UnauthorizedException' });
    await assert.rejects(revokeRefreshToken(store, services, { client: baseClient, token: two.AccessToken! }),
      { name: 'UnsupportedTokenTypeException' });
    await assert.rejects(revokeRefreshToken(store, services, { client: { ...baseClient, enableTokenRevocation: false }, token: two.RefreshToken! }),
      { name: 'UnsupportedOperationException' });

    clock.t += 1;
    await globalSignOut(store, services, u.id);
    await assert.rejects(authenticateAccessToken(store, services, ADMIN_SCOPE, two.AccessToken!), revoked);
    await assert.rejects(refreshTokens(store, services, { client: baseClient, refreshToken: two.RefreshToken! , rotate: false }),
      { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    clock.t += 1;
    const after = await signIn(u);
    await authenticateAccessToken(store, services, ADMIN_SCOPE, after.AccessToken!);
  });

  it('creates a pool\'s keys once even when two nodes race, and rotation keeps the old kids published', async () => {
    const nodeA = servicesOn(wrapStore(openDb()));
    const nodeB = servicesOn(wrapStore(openDb()));
    const poolId = `us-east-1_race${suffix()}`;
    await store.pools.insert({ id: poolId, name: 'race', config: {}, userCount: 0, createdAt: clock.t, updatedAt: clock.t });
    const [a, b] = await Promise.all([jwksOf(nodeA, poolId), jwksOf(nodeB, poolId)]);
    assert.deepEqual(a, b);
    assert.equal(a.keys.length, 2);
    await nodeA.store.close();
    await nodeB.store.close();

    const before = await signIn(user);
    const oldKids = (await jwksOf(services, POOL_ID)).keys.map((k) => (k as { kid: string }).kid);
    await rotateSigningKeys(services, POOL_ID);
    const rotated = (await jwksOf(services, POOL_ID)).keys as { kid: string; alg: string; kty: string; use: string; e: string; n: string }[];
    assert.equal(rotated.length, 4);
    for (const kid of oldKids) assert.ok(rotated.some((k) => k.kid === kid), 'old keys stay published');
    assert.deepEqual(Object.keys(rotated[0]!), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
    const afterRotation = await signIn(user);
    assert.ok(!oldKids.includes(decode(afterRotation.AccessToken!).header.kid), 'new keys sign');
    await authenticateAccessToken(store, services, ADMIN_SCOPE, before.AccessToken!);

    clock.t += 86_400_000 + 10 * 60_000;
    await rotateSigningKeys(services, POOL_ID); // drops the cache; the first generation has aged out
    const later = (await jwksOf(services, POOL_ID)).keys.map((k) => (k as { kid: string }).kid);
    for (const kid of oldKids) assert.ok(!later.includes(kid), 'expired keys leave the JWKS');
    assert.equal(later.length, 4);
  });
});
