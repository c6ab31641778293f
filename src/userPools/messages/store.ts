/**
 * The storage port of the message outbox, implemented in storage/sql/outbox.ts. Types only, no
 * SQL: see docs/architecture.md, Storage.
 */
import type { CustomSenderCall } from './custom-sender.ts';

export interface OutboxMessage {
  id: number;
  poolId: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  subject: string | null;
  body: string;
  /** Why it was sent (`signup`, `invitation`, `forgot`, `verify`, `mfa`, ...), for `alcove messages`. */
  purpose: string;
  username: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  sentAt: number | null;
  lastError: string | null;
  /** Once opened (outbox.ts openMessage): the custom sender's call queued with it, if any. */
  customSender?: CustomSenderCall | undefined;
}

export interface OutboxRepo {
  add(message: Omit<OutboxMessage, 'id' | 'attempts' | 'sentAt' | 'lastError'>): Promise<number>;
  /** Claims up to `limit` due messages for `leaseMs`, so that each goes out from one node. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  markSent(id: number, at: number): Promise<void>;
  markFailed(id: number, error: string, nextAttemptAt: number): Promise<void>;
  /** The same outcome for several messages, in one statement (one commit) per up to 50 of them. */
  markAllFailed(ids: readonly number[], error: string, nextAttemptAt: number): Promise<void>;
  list(filter: { poolId?: string; destination?: string; limit: number }): Promise<OutboxMessage[]>;
  /** Deletes messages finished before `before`: sent then, or never to be tried again (`nextAttemptAt === never`). */
  purgeFinished(before: number, never: number): Promise<void>;
  /** Messages still to be delivered (unsent, to be tried again): how many, how many failed before, the oldest. */
  backlog(never: number): Promise<OutboxBacklog>;
}

export interface OutboxBacklog {
  pending: number;
  /** Of those, the ones whose last attempt failed. */
  retrying: number;
  /** `createdAt` of the oldest pending message, or null when none is. */
  oldestCreatedAt: number | null;
}
