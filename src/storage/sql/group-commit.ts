/**
 * Durable group commit for SQLite. The database runs in WAL mode with `synchronous=NORMAL`: a
 * commit appends its frames to the `-wal` file without waiting for the disk, and SQLite syncs
 * the WAL before each checkpoint and the database file after it. What NORMAL alone leaves out is
 * the sync of the last commits, and that is this module's part: before an answer leaves, the
 * server waits here until every commit made so far is on disk. The wait is an `fdatasync` of the
 * `-wal` file through a descriptor of our own, run on libuv's thread pool (the event loop goes on
 * serving); one fdatasync covers every transaction committed before it started, so concurrent
 * writes share it. At most one runs at a time; commits made meanwhile share the next.
 *
 * Commits are counted where statements are prepared (`dialect.ts`): a data-changing statement
 * outside a transaction, or the COMMIT of a transaction that changed data. better-sqlite3 runs
 * each statement synchronously right after preparing it, so the count is exact when an answer
 * asks for it.
 */
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class GroupCommit {
  /** Commits counted so far. */
  #committed = 0;
  /** Commits known durable (covered by a completed fdatasync). */
  #durable = 0;
  /** Data written in the open transaction (reset at its COMMIT or ROLLBACK). */
  #dirty = false;
  #fd: number | undefined;
  #inFlight = false;
  /** A failed fdatasync: what was written may be lost, so nothing more is acknowledged. */
  #failed: Error | undefined;
  #waiters: Waiter[] = [];
  /** fdatasync calls made (metrics, tests). */
  syncs = 0;

  constructor(private readonly walFile: string) {}

  /** Called as each statement is prepared, just before it runs. */
  statement(sqlText: string, readonly: boolean, inTransaction: boolean): void {
    if (!readonly) {
      if (inTransaction) this.#dirty = true;
      else this.#committed++;
    } else if (this.#dirty && inTransaction) {
      // BEGIN/COMMIT/ROLLBACK are "read-only" statements to SQLite.
      const verb = sqlText.slice(0, 8).toLowerCase();
      if (verb.startsWith('commit') || verb.startsWith('end')) {
        this.#dirty = false;
        this.#committed++;
      } else if (verb.startsWith('rollback') && !/\bto\b/i.test(sqlText)) {
        this.#dirty = false;
      }
    }
  }

  /**
   * Undefined when every commit made so far is durable (nothing to wait for); otherwise a
   * promise that resolves once they are, or rejects if the disk refused to sync.
   */
  durable(): Promise<void> | undefined {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#durable >= this.#committed) return undefined;
    const seq = this.#committed;
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ seq, resolve, reject });
      if (!this.#inFlight) this.#sync();
    });
  }

  #sync(): void {
    const target = this.#committed;
    let fd: number;
    try {
      fd = this.#open();
    } catch (e) {
      this.#fail(e as Error);
      return;
    }
    this.#inFlight = true;
    this.syncs++;
    fdatasync(fd, (err) => {
      this.#inFlight = false;
      if (err) {
        this.#fail(err);
        return;
      }
      if (target > this.#durable) this.#durable = target;
      const waiting: Waiter[] = [];
      for (const w of this.#waiters) {
        if (w.seq <= this.#durable) w.resolve();
        else waiting.push(w);
      }
      this.#waiters = waiting;
      // Commits made while this sync ran share the next one.
      if (waiting.length > 0) this.#sync();
    });
  }

  #open(): number {
    if (this.#fd === undefined) {
      this.#fd = openSync(this.walFile, 'r');
      // The -wal file's directory entry must be on disk too (once: SQLite keeps the file while
      // the database is open).
      const dir = openSync(path.dirname(this.walFile), 'r');
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
    return this.#fd;
  }

  #fail(e: Error): void {
    this.#failed = new Error(`fdatasync of ${path.basename(this.walFile)} failed: ${e.message}`, { cause: e });
    for (const w of this.#waiters) w.reject(this.#failed);
    this.#waiters = [];
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
