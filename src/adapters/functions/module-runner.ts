/**
 * Module triggers run in a pool of worker threads (module-worker.ts), one invocation per worker
 * at a time, as a Lambda execution environment runs one. A handler that hangs past the timeout,
 * crashes its thread or calls process.exit loses its worker, which is replaced; the server's
 * own thread never runs trigger code.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { InvocationOutcome } from '../../kernel/functions.ts';
import type { WorkerJob, WorkerReply } from './module-worker.ts';

/** The worker script beside this file, `.ts` from the sources and `.js` once built. */
const WORKER_URL = new URL(`./module-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** A handler's heap, as a Lambda function's memory bounds it: a runaway one ends its worker, not the server. */
const WORKER_HEAP_MB = 256;

interface Pending {
  job: WorkerJob;
  resolve(outcome: InvocationOutcome): void;
  timer: NodeJS.Timeout;
  slot?: Slot;
}

interface Slot {
  worker: Worker;
  current?: Pending;
}

export interface ModuleTarget {
  module: string;
  handler: string;
}

export class ModuleRunner {
  readonly #size: number;
  readonly #log: Logger;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: { workers: number; log: Logger }) {
    this.#size = options.workers;
    this.#log = options.log;
  }

  run(target: ModuleTarget, arn: string, region: string, event: object, timeoutMs: number): Promise<InvocationOutcome> {
    if (this.#closed) return Promise.resolve({ kind: 'unreachable', error: 'ServiceException' });
    const awsRequestId = randomUUID();
    const job: WorkerJob = {
      id: this.#nextId++,
      module: target.module,
      handler: target.handler,
      event: JSON.stringify(event),
      functionName: functionNameOf(arn),
      invokedFunctionArn: arn,
      awsRequestId,
      region,
      deadline: Date.now() + timeoutMs,
    };
    return new Promise((resolve) => {
      const pending: Pending = {
        job,
        resolve,
        timer: setTimeout(() => this.#timeOut(pending), timeoutMs),
      };
      this.#queue.push(pending);
      this.#dispatch();
    });
  }

  /** Ends every worker; invocations still running or queued fail as unreachable. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) this.#finish(pending, { kind: 'unreachable', error: 'ServiceException' });
    const slots = this.#slots.splice(0);
    for (const slot of slots) if (slot.current) this.#finish(slot.current, { kind: 'unreachable', error: 'ServiceException' });
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.current);
      if (!slot && this.#slots.length < this.#size) slot = this.#spawn();
      if (!slot) return;
      const pending = this.#queue.shift()!;
      slot.current = pending;
      pending.slot = slot;
      slot.worker.postMessage(pending.job);
    }
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.current;
      if (!pending || pending.job.id !== reply.id) return;
      slot.current = undefined;
      this.#finish(pending, outcomeOf(reply));
      this.#dispatch();
    });
    worker.on('error', (error) => {
      // An exception the handler left uncaught (a throw in a timer, running out of memory):
      // as Lambda's runtime, the invocation fails with it and the environment is discarded.
      this.#discard(slot, { kind: 'function-error', message: error instanceof Error ? error.message : String(error) });
    });
    worker.on('exit', (code) => {
      const requestId = slot.current?.job.awsRequestId ?? '';
      this.#discard(slot, { kind: 'function-error', message: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}` });
    });
    this.#slots.push(slot);
    return slot;
  }

  #discard(slot: Slot, outcome: InvocationOutcome): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    const pending = slot.current;
    slot.current = undefined;
    if (pending) {
      this.#log.warn({ functionName: pending.job.functionName, requestId: pending.job.awsRequestId }, 'a trigger module ended its worker; it is replaced');
      this.#finish(pending, outcome);
    }
    void slot.worker.terminate();
    if (!this.#closed) this.#dispatch();
  }

  #timeOut(pending: Pending): void {
    const queued = this.#queue.indexOf(pending);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      this.#finish(pending, { kind: 'timeout' });
      return;
    }
    const slot = pending.slot;
    if (slot && slot.current === pending) {
      // The handler is still running: its worker cannot be trusted to come back, so it goes.
      slot.current = undefined;
      this.#log.warn({ functionName: pending.job.functionName, requestId: pending.job.awsRequestId }, 'a trigger module timed out; its worker is replaced');
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      void slot.worker.terminate();
      this.#finish(pending, { kind: 'timeout' });
      this.#dispatch();
    }
  }

  #finish(pending: Pending, outcome: InvocationOutcome): void {
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }
}

function outcomeOf(reply: WorkerReply): InvocationOutcome {
  if (reply.ok) {
    if (reply.payload === null) return { kind: 'answer', payload: null };
    return { kind: 'answer', payload: JSON.parse(reply.payload) as unknown };
  }
  if ('unserialisable' in reply) return { kind: 'unparseable' };
  return { kind: 'function-error', message: reply.errorMessage };
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` → `<name>`. */
export function functionNameOf(arn: string): string {
  const parts = arn.split(':');
  return parts[5] === 'function' && parts[6] ? parts[6] : (parts[parts.length - 1] ?? arn);
}
