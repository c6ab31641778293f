/**
 * The message outbox (`outbox`): implements userPools/messages/store.ts.
 */
import { sql } from 'kysely';
import type { OutboxMessage, OutboxRepo } from '../../userPools/messages/store.ts';
import type { Database } from './schema.ts';
import { Precompiled, type Db } from './shared.ts';

const OUTBOX_COLUMNS = ['pool_id', 'channel', 'destination', 'subject', 'body', 'purpose', 'username', 'created_at', 'attempts', 'next_attempt_at', 'claimed_until', 'sent_at', 'last_error'] as const;
const addMessage = new Precompiled<{ id: number }>(OUTBOX_COLUMNS.length, (db, ...values) => db.insertInto('outbox')
  .values(Object.fromEntries(OUTBOX_COLUMNS.map((c, i) => [c, values[i]])) as unknown as Omit<Database['outbox'], 'id'>)
  .returning('id'));

// The sender's statements, run once a batch and once a message: compiled once.
/** The messages due at `now`: not sent, their next attempt come, no live claim on them. */
const due = (db: Db, now: unknown) => db.selectFrom('outbox').select('id')
  .where('sent_at', 'is', null).where('next_attempt_at', '<=', now as number).where('claimed_until', '<=', now as number);
/**
 * The claim, one statement (no transaction around it, no round trip but one on PostgreSQL): the
 * due messages' leases taken and their rows returned. PostgreSQL: SKIP LOCKED lets several nodes
 * claim disjoint batches at once. SQLite has one writer, so the statement is already exclusive.
 */
const claimDue = [false, true].map((postgres) => new Precompiled<Omit<Database['outbox'], 'id'> & { id: number }>(4, (db, claimedUntil, one, now, limit) => {
  let batch = due(db, now).orderBy('next_attempt_at').limit(limit as unknown as number);
  if (postgres) batch = batch.forUpdate().skipLocked();
  return db.updateTable('outbox')
    .set((eb) => ({ claimed_until: claimedUntil as unknown as number, attempts: eb('attempts', '+', one as unknown as number) }))
    .where('id', 'in', batch).returningAll();
}));
/**
 * SQLite: whether anything is due, read first (a read-only statement), so that an idle poll
 * writes nothing: group commit counts any data-changing statement as a commit to sync before
 * the next answer, even one that matched no row.
 */
const anyDue = new Precompiled<{ id: number }>(1, (db, now) => due(db, now).limit(sql<number>`1`));
const markSent = new Precompiled<never>(4, (db, at, lastError, claimedUntil, id) => db.updateTable('outbox')
  .set({ sent_at: at as unknown as number, last_error: lastError as unknown as null, claimed_until: claimedUntil as unknown as number })
  .where('id', '=', id as unknown as number));
/** One or several messages' same failed attempt in one statement (a batch kept for want of a channel), per count of ids. */
const MARK_MANY_MAX = 50;
const markManyQueries = new Map<number, Precompiled<never>>();
function markMany(ids: number): Precompiled<never> {
  let query = markManyQueries.get(ids);
  if (!query) {
    query = new Precompiled<never>(3 + ids, (db, error, nextAttemptAt, claimedUntil, ...idList) => db.updateTable('outbox')
      .set({ last_error: error!, next_attempt_at: nextAttemptAt as unknown as number, claimed_until: claimedUntil as unknown as number })
      .where('id', 'in', idList as unknown as number[]));
    markManyQueries.set(ids, query);
  }
  return query;
}

export function outboxRepo(db: Db, postgres: boolean): OutboxRepo {
  const toMessage = (r: Omit<Database['outbox'], 'id'> & { id: number }): OutboxMessage => ({
    id: Number(r.id), poolId: r.pool_id, channel: r.channel as OutboxMessage['channel'], destination: r.destination,
    subject: r.subject, body: r.body, purpose: r.purpose, username: r.username, createdAt: Number(r.created_at),
    attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at), lastError: r.last_error,
  });
  return {
    async add(m) {
      const [r] = await addMessage.rows(db, postgres, [
        m.poolId, m.channel, m.destination, m.subject, m.body, m.purpose, m.username, m.createdAt, 0, m.nextAttemptAt, 0, null, null,
      ]);
      return Number(r!.id);
    },
    async claimDue(now, limit, leaseMs) {
      if (!postgres && (await anyDue.rows(db, postgres, [now])).length === 0) return [];
      const rows = await claimDue[postgres ? 1 : 0]!.rows(db, postgres, [now + leaseMs, 1, now, limit]);
      return rows.map(toMessage);
    },
    async markSent(id, at) {
      await markSent.rows(db, postgres, [at, null, 0, id]);
    },
    async markFailed(id, error, nextAttemptAt) {
      await markMany(1).rows(db, postgres, [error.slice(0, 2000), nextAttemptAt, 0, id]);
    },
    async markAllFailed(ids, error, nextAttemptAt) {
      for (let i = 0; i < ids.length; i += MARK_MANY_MAX) {
        const chunk = ids.slice(i, i + MARK_MANY_MAX);
        await markMany(chunk.length).rows(db, postgres, [error.slice(0, 2000), nextAttemptAt, 0, ...chunk]);
      }
    },
    async purgeFinished(before, never) {
      await db.deleteFrom('outbox').where('sent_at', '<=', before).execute();
      await db.deleteFrom('outbox').where('sent_at', 'is', null).where('next_attempt_at', '=', never).where('created_at', '<=', before).execute();
    },
    async backlog(never) {
      // Served by outbox_due (sent_at, next_attempt_at): it reads the backlog's rows only.
      const r = await db.selectFrom('outbox')
        .select((eb) => [
          eb.fn.countAll<number>().as('pending'),
          eb.fn.sum<number>(sql`case when last_error is null then 0 else 1 end`).as('retrying'),
          eb.fn.min('created_at').as('oldest'),
        ])
        .where('sent_at', 'is', null).where('next_attempt_at', '<', never)
        .executeTakeFirstOrThrow();
      return {
        pending: Number(r.pending), retrying: Number(r.retrying ?? 0),
        oldestCreatedAt: r.oldest === null || r.oldest === undefined ? null : Number(r.oldest),
      };
    },
    async list({ poolId, destination, limit }) {
      let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit);
      if (poolId) q = q.where('pool_id', '=', poolId);
      if (destination) q = q.where('destination', '=', destination);
      return (await q.execute()).map(toMessage);
    },
  };
}
