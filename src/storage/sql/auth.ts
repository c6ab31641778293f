/**
 * Sign-in state (`sign_in_failures`, `auth_used_nonces`, `server_secrets`): implements
 * userPools/auth/store.ts.
 */
import { sql, type DeleteResult, type InsertResult } from 'kysely';
import type { ServerSecretRepo, SignInFailureRepo, UsedNonceRepo } from '../../userPools/auth/store.ts';
import type { Database } from './schema.ts';
import { Precompiled, type Db } from './shared.ts';

type SignInFailureDb = Database['sign_in_failures'];
type Lock = { free: number; baseMs: number; maxMs: number };

/**
 * The reservation (see `reserve` below), built and compiled once per lock shape and database
 * kind: it runs before every password check, and Kysely's building of it cost more than
 * SQLite's own upsert. The lock's numbers are literals of the statement (the shift needs them
 * so on PostgreSQL); the subject and the times are its parameters.
 */
function reservation(lock: Lock): Precompiled<Pick<SignInFailureDb, 'subject'>> {
  return new Precompiled(4, (db, subject, now, quietBefore, pendingUntil) => {
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
    return db.insertInto('sign_in_failures')
      .values({ subject: subject!, failures: sql<number>`0`, last_failure_at: sql<number>`0`, last_attempt_at: sql<number>`${now}`, pending: sql<number>`1`, pending_until: sql<number>`${pendingUntil}` })
      .onConflict((oc) => oc.column('subject').doUpdateSet({
        failures: sql<number>`case when ${quiet} then 0 else sign_in_failures.failures end`,
        pending: sql<number>`${livePending} + 1`,
        pending_until: sql<number>`${pendingUntil}`,
        last_attempt_at: sql<number>`${now}`,
      }).where(sql<boolean>`${quiet} or (${lockEnd} <= ${now} and ${livePending} < ${room})`))
      .returning('subject');
  });
}
const reservations = new Map<string, Precompiled<Pick<SignInFailureDb, 'subject'>>>();
const reservationFor = (lock: Lock) => {
  const key = `${lock.free}/${lock.baseMs}/${lock.maxMs}`;
  let q = reservations.get(key);
  if (!q) reservations.set(key, q = reservation(lock));
  return q;
};

/** A failure settles its reservation (the password check's write after a wrong password). */
const failure = new Precompiled<InsertResult>(2, (db, subject, now) => db.insertInto('sign_in_failures')
  .values({ subject: subject!, failures: sql<number>`1`, last_failure_at: sql<number>`${now}`, last_attempt_at: sql<number>`${now}`, pending: sql<number>`0`, pending_until: sql<number>`0` })
  .onConflict((oc) => oc.column('subject').doUpdateSet({
    failures: sql<number>`sign_in_failures.failures + 1`,
    pending: sql<number>`case when sign_in_failures.pending > 0 then sign_in_failures.pending - 1 else 0 end`,
    last_failure_at: sql<number>`${now}`,
    last_attempt_at: sql<number>`${now}`,
  })));
/** A right password forgets the subject's record (in the sign-in's transaction). */
const clearing = new Precompiled<DeleteResult>(1, (db, subject) => db.deleteFrom('sign_in_failures').where('subject', '=', subject!));

export function signInFailureRepo(db: Db, postgres: boolean): SignInFailureRepo {
  const toRow = (r: Database['sign_in_failures']) => ({
    subject: r.subject, failures: Number(r.failures), lastFailureAt: Number(r.last_failure_at), lastAttemptAt: Number(r.last_attempt_at),
  });
  return {
    async get(subject) {
      const r = await db.selectFrom('sign_in_failures').selectAll().where('subject', '=', subject).executeTakeFirst();
      return r && toRow(r);
    },
    async reserve(subject, now, quietBefore, lock, pendingMs) {
      return (await reservationFor(lock).first(db, postgres, [subject, now, quietBefore, now + pendingMs])) !== undefined;
    },
    async recordFailure(subject, now) {
      await failure.rows(db, postgres, [subject, now]);
    },
    async touch(subject, now) {
      await db.updateTable('sign_in_failures').set({ last_attempt_at: now })
        .where('subject', '=', subject).where('last_attempt_at', '<', now).execute();
    },
    async clear(subject) {
      await clearing.rows(db, postgres, [subject]);
    },
    async purgeQuiet(quietBefore) {
      await db.deleteFrom('sign_in_failures').where('last_attempt_at', '<=', quietBefore).execute();
    },
  };
}

/** Spends a single-use value (SRP step 2's block, a challenge's Session): a row back when it was unused. */
const consumption = new Precompiled<Pick<Database['auth_used_nonces'], 'nonce'>>(2, (db, nonce, expiresAt) => db.insertInto('auth_used_nonces')
  .values({ nonce: nonce!, expires_at: sql<number>`${expiresAt}` })
  .onConflict((oc) => oc.column('nonce').doNothing()).returning('nonce'));

export function usedNonceRepo(db: Db, postgres: boolean): UsedNonceRepo {
  return {
    async consume(nonce, expiresAt) {
      return (await consumption.first(db, postgres, [nonce, expiresAt])) !== undefined;
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
