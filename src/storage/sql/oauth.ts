/**
 * Authorization codes and managed-login sessions: implements userPools/oauth/store.ts.
 */
import type { AuthorizationCodeRepo, AuthorizationCodeRow, HostedSessionRepo } from '../../userPools/oauth/store.ts';
import type { Database } from './schema.ts';
import type { Db } from './shared.ts';

type CodeDb = Database['oauth_codes'];
const toCode = (r: CodeDb): AuthorizationCodeRow => ({
  codeHash: r.code_hash,
  poolId: r.pool_id,
  clientId: r.client_id,
  userId: r.user_id,
  redirectUri: r.redirect_uri,
  scope: r.scope,
  nonce: r.nonce,
  codeChallenge: r.code_challenge,
  resource: r.resource,
  authTime: Number(r.auth_time),
  originJti: r.origin_jti,
  expiresAt: Number(r.expires_at),
  usedAt: r.used_at === null ? null : Number(r.used_at),
});

export function authorizationCodeRepo(db: Db): AuthorizationCodeRepo {
  return {
    async insert(c) {
      await db.insertInto('oauth_codes').values({
        code_hash: c.codeHash, pool_id: c.poolId, client_id: c.clientId, user_id: c.userId, redirect_uri: c.redirectUri,
        scope: c.scope, nonce: c.nonce, code_challenge: c.codeChallenge, resource: c.resource, auth_time: c.authTime,
        origin_jti: c.originJti, expires_at: c.expiresAt, used_at: c.usedAt,
      }).execute();
    },
    async redeem(codeHash, clientId, now) {
      const won = await db.updateTable('oauth_codes').set({ used_at: now })
        .where('code_hash', '=', codeHash).where('client_id', '=', clientId).where('used_at', 'is', null)
        .returningAll().executeTakeFirst();
      if (won) return { outcome: 'redeemed', row: toCode(won) };
      const seen = await db.selectFrom('oauth_codes').selectAll()
        .where('code_hash', '=', codeHash).where('client_id', '=', clientId).executeTakeFirst();
      return seen ? { outcome: 'replayed', row: toCode(seen) } : { outcome: 'unknown' };
    },
    async purgeExpired(now) {
      await db.deleteFrom('oauth_codes').where('expires_at', '<=', now).execute();
    },
  };
}

export function hostedSessionRepo(db: Db): HostedSessionRepo {
  return {
    async insert(s) {
      await db.insertInto('hosted_sessions').values({
        id_hash: s.idHash, pool_id: s.poolId, user_id: s.userId, auth_time: s.authTime, expires_at: s.expiresAt,
      }).execute();
    },
    async getLive(idHash, now) {
      const r = await db.selectFrom('hosted_sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
      return r && { idHash: r.id_hash, poolId: r.pool_id, userId: r.user_id, authTime: Number(r.auth_time), expiresAt: Number(r.expires_at) };
    },
    async end(idHash) {
      const r = await db.deleteFrom('hosted_sessions').where('id_hash', '=', idHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async purgeExpired(now) {
      await db.deleteFrom('hosted_sessions').where('expires_at', '<=', now).execute();
    },
  };
}
