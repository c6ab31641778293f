/**
 * SQLite checkpoints off the request path. Left to itself, SQLite checkpoints inside the commit
 * that takes the WAL past `wal_autocheckpoint` pages: that commit syncs the WAL, copies every
 * page into the database file and syncs it, all on the event loop (a stall every few MB of WAL,
 * every ~45 sign-ups). The serving connection runs with `wal_autocheckpoint=0` instead, and this
 * module checkpoints from a second connection on a worker thread (checkpoint-worker.ts):
 *
 * - A round: while data changed since the last one, every `intervalMs` the worker runs a
 *   PASSIVE checkpoint (it waits for no reader or writer): it syncs the WAL, copies the frames
 *   committed so far into the database file and syncs that. Durability does not change: an
 *   answer still waits for group commit's fdatasync of the WAL (group-commit.ts), and the
 *   database file is synced before SQLite may reuse the WAL's frames.
 * - The WAL starts over (from its first frame) at the first write after a checkpoint has copied
 *   all of it. Under a steady write load commits land during every round, so that moment may
 *   never come: once the WAL holds `holdFrames` frames, a round runs while it holds the
 *   serving connection (Kysely's single connection: statements queue meanwhile, the event loop
 *   goes on), so that it copies the tail and the next write restarts the WAL. That bounds it.
 * - If the worker fails, the serving connection checkpoints itself again (`fallback`).
 *
 * The worker starts with the first round once the WAL holds `startFrames` frames (a node that
 * writes a little, its schema and keys at start, keeps them in the WAL and has no extra thread
 * and its memory), and ends after `IDLE_MS` without a change.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckpointReply, CheckpointRequest } from './checkpoint-worker.ts';

const WORKER_URL = new URL(`./checkpoint-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export interface CheckpointerOptions {
  /** The SQLite database file. */
  file: string;
  /**
   * A count that moves whenever the serving connection changes data (SQLite's total_changes()):
   * a statement that changed nothing (the sweeper's deletes on an idle node) calls for no round.
   */
  changes: () => number;
  /** Runs `fn` while no statement of the serving connection can run. */
  hold: (fn: () => Promise<void>) => Promise<void>;
  /** The worker failed: the serving connection checkpoints itself again. */
  fallback: () => void;
  intervalMs?: number;
  /** The WAL's length (frames) from which a round holds the serving connection. */
  holdFrames?: number;
  /** The WAL's length (frames) from which a worker is started, when none is running. */
  startFrames?: number;
}

type Outcome = Extract<CheckpointReply, { log: number }>;

/** A worker with nothing to checkpoint for this long is closed (its thread's memory returned). */
const IDLE_MS = 30_000;

export class Checkpointer {
  readonly #options: CheckpointerOptions;
  readonly #holdFrames: number;
  readonly #intervalMs: number;
  readonly #startBytes: number;
  #idleTicks = 0;
  readonly #timer: NodeJS.Timeout;
  #worker: Worker | undefined;
  #nextId = 0;
  readonly #pending = new Map<number, { worker: Worker; resolve: (r: Outcome) => void; reject: (e: Error) => void }>();
  #round: Promise<void> | undefined;
  #roundChanges = 0;
  #closed = false;
  #failed = false;

  constructor(options: CheckpointerOptions) {
    this.#options = options;
    this.#holdFrames = options.holdFrames ?? 4096;
    this.#intervalMs = options.intervalMs ?? 250;
    // A frame is a page (SQLite's default 4 KB) and a 24-byte header.
    this.#startBytes = (options.startFrames ?? 256) * (4096 + 24);
    this.#timer = setInterval(() => this.#tick(), this.#intervalMs);
    this.#timer.unref();
  }

  #tick(): void {
    if (this.#round || this.#closed || this.#failed) return;
    const changes = this.#options.changes();
    if (changes === this.#roundChanges) {
      if (this.#worker && ++this.#idleTicks * this.#intervalMs >= IDLE_MS) {
        this.#round = this.#retire().catch(() => undefined).finally(() => { this.#round = undefined; });
      }
      return;
    }
    this.#idleTicks = 0;
    if (!this.#worker && walBytes(`${this.#options.file}-wal`) < this.#startBytes) return;
    this.#round = this.#cycle(changes).catch(() => this.#fail()).finally(() => { this.#round = undefined; });
  }

  async #cycle(changes: number): Promise<void> {
    this.#roundChanges = changes;
    const outcome = await this.#ask();
    const caughtUp = outcome.busy === 0 && outcome.checkpointed === outcome.log && this.#options.changes() === changes;
    if (caughtUp || outcome.log < this.#holdFrames || this.#closed) return;
    await this.#options.hold(async () => {
      this.#roundChanges = this.#options.changes();
      await this.#ask();
    });
  }

  /** Closes the worker's connection and ends its thread. */
  async #retire(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ id: 0, close: true } satisfies CheckpointRequest);
    await exited;
  }

  #ask(): Promise<Outcome> {
    const worker = this.#worker ?? this.#spawn();
    const id = ++this.#nextId;
    return new Promise<Outcome>((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id } satisfies CheckpointRequest);
    });
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_URL, { workerData: { file: this.#options.file } });
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply);
    });
    const gone = (error: Error) => {
      for (const [id, p] of this.#pending) {
        if (p.worker !== worker) continue;
        this.#pending.delete(id);
        p.reject(error);
      }
      if (this.#worker !== worker) return; // retired or stopped
      this.#worker = undefined;
      if (!this.#closed) this.#fail();
    };
    worker.on('error', gone);
    worker.on('exit', () => gone(new Error('the checkpoint worker exited')));
    this.#worker = worker;
    return worker;
  }

  #fail(): void {
    if (this.#failed) return;
    this.#failed = true;
    clearInterval(this.#timer);
    const worker = this.#worker;
    this.#worker = undefined;
    void worker?.terminate();
    if (!this.#closed) this.#options.fallback();
  }

  /** Stops the rounds at once and lets the worker close its connection, without waiting for it. */
  stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    const worker = this.#worker;
    this.#worker = undefined;
    worker?.postMessage({ id: 0, close: true } satisfies CheckpointRequest);
  }

  /** Stops the rounds and closes the worker's connection (before the serving one closes). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#round;
    if (this.#failed) return;
    // Unreferenced while it serves; referenced now so that the process waits for it to close.
    this.#worker?.ref();
    await this.#retire().catch(() => undefined);
  }
}

function walBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
