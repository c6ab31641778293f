/**
 * Signing keys, refresh tokens and revocations: implements userPools/tokens/store.ts.
 */
import { sql, type Compilable, type InsertResult } from 'kysely';
import type { RefreshTokenRepo, RefreshTokenRow, RevocationRepo, SigningKeyRepo, SigningKeyRow } from '../../userPools/tokens/store.ts';
import type { RowLock } from '../store.ts';
import type { Database } from './schema.ts';
import { Precompiled, json, type Db } from './shared.ts';
import { PROFILE_COLUMNS, toProfile } from './users.ts';

type SigningKeyDb = Database['signing_keys'];
const toSigningKey = (r: SigningKeyDb): SigningKeyRow => ({
  poolId: r.pool_id,
  use: r.use as SigningKeyRow['use'],
  generation: Number(r.generation),
  kid: r.kid,
  privateKeyEnc: r.private_key_enc,
  publicJwk: JSON.parse(r.public_jwk) as Record<string, string>,
  createdAt: Number(r.created_at),
  retiredAt: r.retired_at === null ? null : Number(r.retired_at),
  publishUntil: r.publish_until === null ? null : Number(r.publish_until),
});

export function signingKeyRepo(db: Db): SigningKeyRepo {
  return {
    async insertIfAbsent(k) {
      const r = await db.insertInto('signing_keys').values({
        pool_id: k.poolId, use: k.use, generation: k.generation, kid: k.kid, private_key_enc: k.privateKeyEnc,
        public_jwk: json(k.publicJwk), created_at: k.createdAt, retired_at: k.retiredAt, publish_until: k.publishUntil,
      }).onConflict((oc) => oc.columns(['pool_id', 'use', 'generation']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async listPublished(poolId, now) {
      const rows = await db.selectFrom('signing_keys').selectAll().where('pool_id', '=', poolId)
        .where((eb) => eb.or([eb('publish_until', 'is', null), eb('publish_until', '>', now)]))
        .orderBy('generation', 'desc').orderBy('use').execute();
      return rows.map(toSigningKey);
    },
    async retireOlder(poolId, use, generation, retiredAt, publishUntil) {
      await db.updateTable('signing_keys').set({ retired_at: retiredAt, publish_until: publishUntil })
        .where('pool_id', '=', poolId).where('use', '=', use).where('generation', '<', generation)
        .where('retired_at', 'is', null).execute();
    },
  };
}

type RefreshTokenDb = Database['refresh_tokens'];
const toRefreshToken = (r: RefreshTokenDb): RefreshTokenRow => ({
  tokenHash: r.token_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  deviceKey: r.device_key,
  originJti: r.origin_jti,
  authTime: Number(r.auth_time),
  issuedAt: Number(r.issued_at),
  expiresAt: Number(r.expires_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  replacedBy: r.replaced_by,
  graceUntil: r.grace_until === null ? null : Number(r.grace_until),
  scope: r.scope,
  audience: r.audience,
});

const refreshTokenByHash = new Precompiled<RefreshTokenDb>(1, (db, tokenHash) => db.selectFrom('refresh_tokens').selectAll()
  .where('token_hash', '=', tokenHash!));
/** PostgreSQL's locked reads of a refresh token (a rotation takes it for update), per lock. */
const refreshTokenLocked: Record<RowLock, Precompiled<RefreshTokenDb>> = {
  share: new Precompiled(1, (db, tokenHash) => db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash!).forShare()),
  update: new Precompiled(1, (db, tokenHash) => db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash!).forUpdate()),
};

/** Every sign-in's write (a new family's first refresh token, a rotation's successor): compiled once. */
const insertRefreshToken = new Precompiled<InsertResult>(14, (db, ...v) => {
  // The placeholders are strings; the time columns take them as bound values all the same.
  const time = (p: string | undefined) => sql<number>`${p}`;
  return db.insertInto('refresh_tokens').values({
    token_hash: v[0]!, pool_id: v[1]!, client_id: v[2]!, user_id: v[3]!, device_key: v[4]!, origin_jti: v[5]!, auth_time: time(v[6]),
    issued_at: time(v[7]), expires_at: time(v[8]), revoked_at: time(v[9]), replaced_by: v[10]!, grace_until: time(v[11]), scope: v[12]!, audience: v[13]!,
  });
});

export function refreshTokenRepo(db: Db, postgres: boolean): RefreshTokenRepo {
  return {
    async insert(t) {
      await insertRefreshToken.rows(db, postgres, [
        t.tokenHash, t.poolId, t.clientId, t.userId, t.deviceKey, t.originJti, t.authTime, t.issuedAt, t.expiresAt,
        t.revokedAt, t.replacedBy, t.graceUntil, t.scope ?? null, t.audience ?? null,
      ]);
    },
    async get(tokenHash, lock) {
      const r = lock && postgres
        ? await refreshTokenLocked[lock].first(db, postgres, [tokenHash])
        : await refreshTokenByHash.first(db, postgres, [tokenHash]);
      return r && toRefreshToken(r);
    },
    async markReplaced(tokenHash, replacedBy, graceUntil, now) {
      // The grace period runs from the first rotation: later retries inside it move
      // `replaced_by` on but never extend `grace_until`.
      const r = await db.updateTable('refresh_tokens')
        .set({ replaced_by: replacedBy, grace_until: sql<number>`coalesce(grace_until, ${graceUntil})` })
        .where('token_hash', '=', tokenHash)
        .where((eb) => eb.or([eb('grace_until', 'is', null), eb('grace_until', '>', now)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async revokeFamily(originJti, at) {
      await db.updateTable('refresh_tokens').set({ revoked_at: at })
        .where('origin_jti', '=', originJti).where('revoked_at', 'is', null).execute();
    },
    async revokeAllOfUser(userId, at) {
      await db.updateTable('refresh_tokens').set({ revoked_at: at })
        .where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
    },
    async purgeExpired(now, limit) {
      // In batches, so that a sweep after a long pause holds no long lock.
      const doomed = db.selectFrom('refresh_tokens').select('token_hash').where('expires_at', '<=', now).limit(limit);
      const r = await db.deleteFrom('refresh_tokens').where('token_hash', 'in', doomed).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

type RevocationDb = Pick<Database['token_revocations'], 'key' | 'revoked_at'>;
const revocationsOf = [1, 2].map((n) => new Precompiled<RevocationDb>(n, (db, ...keys) => db.selectFrom('token_revocations')
  .select(['key', 'revoked_at']).where('key', 'in', keys)));

/**
 * An access-token call's one lookup: the user by id (without its sealed credentials, which no
 * token-authorised answer shows) with the revocation times under two keys (scalar subqueries on
 * the key index). No row when there is no such user; the caller then reads the revocations alone
 * (a rare path).
 */
type UserWithRevocationsDb = Omit<Database['users'], 'credentials_enc'> & { first_revoked_at: number | string | null; second_revoked_at: number | string | null };
const userWithRevocations = new Precompiled<UserWithRevocationsDb>(3, (db, userId, first, second) => db.selectFrom('users')
  .select(PROFILE_COLUMNS.map((c) => `users.${c}` as const))
  .select((eb) => [
    eb.selectFrom('token_revocations').select('revoked_at').where('key', '=', first!).as('first_revoked_at'),
    eb.selectFrom('token_revocations').select('revoked_at').where('key', '=', second!).as('second_revoked_at'),
  ])
  .where('users.id', '=', userId!) as unknown as Compilable<UserWithRevocationsDb>);

export function revocationRepo(db: Db, postgres: boolean): RevocationRepo {
  async function find(keys: string[]): Promise<{ key: string; revokedAt: number }[]> {
    if (keys.length === 0) return [];
    const rows = keys.length <= revocationsOf.length
      ? await revocationsOf[keys.length - 1]!.rows(db, postgres, keys)
      : await db.selectFrom('token_revocations').select(['key', 'revoked_at']).where('key', 'in', keys).execute();
    return rows.map((r) => ({ key: r.key, revokedAt: Number(r.revoked_at) }));
  }
  return {
    async put(key, revokedAt, expiresAt) {
      await db.insertInto('token_revocations').values({ key, revoked_at: revokedAt, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({
          revoked_at: sql<number>`case when token_revocations.revoked_at > ${revokedAt} then token_revocations.revoked_at else ${revokedAt} end`,
          expires_at: sql<number>`case when token_revocations.expires_at > ${expiresAt} then token_revocations.expires_at else ${expiresAt} end`,
        })).execute();
    },
    find,
    async findWithUser(userId, keys) {
      const [first, second] = [keys[0] ?? '', keys[1] ?? keys[0] ?? ''];
      const r = await userWithRevocations.first(db, postgres, [userId, first, second]);
      if (!r) return { user: undefined, revocations: await find(keys) };
      const { first_revoked_at: firstAt, second_revoked_at: secondAt, ...row } = r;
      const revocations: { key: string; revokedAt: number }[] = [];
      if (firstAt !== null && keys[0] !== undefined) revocations.push({ key: first, revokedAt: Number(firstAt) });
      if (secondAt !== null && keys[1] !== undefined) revocations.push({ key: second, revokedAt: Number(secondAt) });
      return { user: toProfile(row), revocations };
    },
    async purgeExpired(now) {
      await db.deleteFrom('token_revocations').where('expires_at', '<=', now).execute();
    },
  };
}
