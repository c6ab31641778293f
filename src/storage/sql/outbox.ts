/**
 * The message outbox (`outbox`): implements userPools/messages/store.ts.
 */
import { sql } from 'kysely';
import type { OutboxMessage, OutboxRepo } from '../../userPools/messages/store.ts';
import type { Database } from './schema.ts';
import type { Db } from './shared.ts';

export function outboxRepo(db: Db, postgres: boolean): OutboxRepo {
  const toMessage = (r: Omit<Database['outbox'], 'id'> & { id: number }): OutboxMessage => ({
    id: Number(r.id), poolId: r.pool_id, channel: r.channel as OutboxMessage['channel'], destination: r.destination,
    subject: r.subject, body: r.body, purpose: r.purpose, username: r.username, createdAt: Number(r.created_at),
    attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at), lastError: r.last_error,
  });
  return {
    async add(m) {
      const r = await db.insertInto('outbox').values({
        pool_id: m.poolId, channel: m.channel, destination: m.destination, subject: m.subject, body: m.body,
        purpose: m.purpose, username: m.username, created_at: m.createdAt, attempts: 0,
        next_attempt_at: m.nextAttemptAt, claimed_until: 0, sent_at: null, last_error: null,
      }).returning('id').executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async claimDue(now, limit, leaseMs) {
      // PostgreSQL: SKIP LOCKED lets several nodes claim disjoint batches at once. SQLite has
      // one writer, so the claim inside the caller's transaction is already exclusive.
      let q = db.selectFrom('outbox').select('id')
        .where('sent_at', 'is', null).where('next_attempt_at', '<=', now).where('claimed_until', '<=', now)
        .orderBy('next_attempt_at').limit(limit);
      if (postgres) q = q.forUpdate().skipLocked();
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      const rows = await db.updateTable('outbox')
        .set((eb) => ({ claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', ids).returningAll().execute();
      return rows.map(toMessage);
    },
    async markSent(id, at) {
      await db.updateTable('outbox').set({ sent_at: at, last_error: null, claimed_until: 0 }).where('id', '=', id).execute();
    },
    async markFailed(id, error, nextAttemptAt) {
      await db.updateTable('outbox').set({ last_error: error.slice(0, 2000), next_attempt_at: nextAttemptAt, claimed_until: 0 })
        .where('id', '=', id).execute();
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
