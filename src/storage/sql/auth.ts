/**
 * Sign-in state (`sign_in_failures`, `auth_used_nonces`, `server_secrets`): implements
 * userPools/auth/store.ts.
 */
import { sql } from 'kysely';
import type { ServerSecretRepo, SignInFailureRepo, UsedNonceRepo } from '../../userPools/auth/store.ts';
import type { Database } from './schema.ts';
import type { Db } from './shared.ts';

export function signInFailureRepo(db: Db): SignInFailureRepo {
  const toRow = (r: Database['sign_in_failures']) => ({
    subject: r.subject, failures: Number(r.failures), lastFailureAt: Number(r.last_failure_at), lastAttemptAt: Number(r.last_attempt_at),
  });
  return {
    async get(subject) {
      const r = await db.selectFrom('sign_in_failures').selectAll().where('subject', '=', subject).executeTakeFirst();
      return r && toRow(r);
    },
    async reserve(subject, now, quietBefore, lock, pendingMs) {
      // One statement: the lock check, the room check and the count cannot be split by a
      // concurrent attempt on any node (PostgreSQL's upsert locks the row; SQLite has one
      // writer). The lock length of n failures, min(base * 2^(n - free), max), is a shift, which
      // both databases have.
      const free = sql.lit(lock.free);
      const max = sql.lit(lock.maxMs);
      const maxShift = sql.lit(Math.ceil(Math.log2(lock.maxMs / lock.baseMs)));
      const shifted = sql<number>`(cast(${sql.lit(lock.baseMs)} as bigint) << cast(sign_in_failures.failures - ${free} as integer))`;
      const lockEnd = sql<number>`sign_in_failures.last_failure_at + case
        when sign_in_failures.failures < ${free} then 0
        when sign_in_failures.failures - ${free} >= ${maxShift} then ${max}
        when ${shifted} > ${max} then ${max}
        else ${shifted} end`;
      const quiet = sql<boolean>`sign_in_failures.last_attempt_at <= ${quietBefore}`;
      const livePending = sql<number>`case when ${quiet} or sign_in_failures.pending_until <= ${now} then 0 else sign_in_failures.pending end`;
      const room = sql<number>`case when sign_in_failures.failures >= ${free} then 1 else ${free} - sign_in_failures.failures end`;
      const r = await db.insertInto('sign_in_failures')
        .values({ subject, failures: 0, last_failure_at: 0, last_attempt_at: now, pending: 1, pending_until: now + pendingMs })
        .onConflict((oc) => oc.column('subject').doUpdateSet({
          failures: sql<number>`case when ${quiet} then 0 else sign_in_failures.failures end`,
          pending: sql<number>`${livePending} + 1`,
          pending_until: now + pendingMs,
          last_attempt_at: now,
        }).where(sql<boolean>`${quiet} or (${lockEnd} <= ${now} and ${livePending} < ${room})`))
        .returning('subject').executeTakeFirst();
      return r !== undefined;
    },
    async recordFailure(subject, now) {
      await db.insertInto('sign_in_failures')
        .values({ subject, failures: 1, last_failure_at: now, last_attempt_at: now, pending: 0, pending_until: 0 })
        .onConflict((oc) => oc.column('subject').doUpdateSet({
          failures: sql<number>`sign_in_failures.failures + 1`,
          pending: sql<number>`case when sign_in_failures.pending > 0 then sign_in_failures.pending - 1 else 0 end`,
          last_failure_at: now,
          last_attempt_at: now,
        })).execute();
    },
    async touch(subject, now) {
      await db.updateTable('sign_in_failures').set({ last_attempt_at: now })
        .where('subject', '=', subject).where('last_attempt_at', '<', now).execute();
    },
    async clear(subject) {
      await db.deleteFrom('sign_in_failures').where('subject', '=', subject).execute();
    },
    async purgeQuiet(quietBefore) {
      await db.deleteFrom('sign_in_failures').where('last_attempt_at', '<=', quietBefore).execute();
    },
  };
}

export function usedNonceRepo(db: Db): UsedNonceRepo {
  return {
    async consume(nonce, expiresAt) {
      const r = await db.insertInto('auth_used_nonces').values({ nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async purgeExpired(now) {
      await db.deleteFrom('auth_used_nonces').where('expires_at', '<=', now).execute();
    },
  };
}

export function serverSecretRepo(db: Db): ServerSecretRepo {
  return {
    async getOrCreate(name, candidate, now) {
      await db.insertInto('server_secrets').values({ name, secret_enc: candidate, created_at: now })
        .onConflict((oc) => oc.column('name').doNothing()).execute();
      const r = await db.selectFrom('server_secrets').select('secret_enc').where('name', '=', name).executeTakeFirstOrThrow();
      return r.secret_enc;
    },
  };
}
