/** Listening to what the trigger fixtures record (fixtures/record.ts), and where they live. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNEL } from './fixtures/record.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export const arn = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

/** A `functions` map entry: `handler` of fixtures/`file`. */
export const moduleFunction = (file: string, handler = 'handler') => ({ module: path.join(FIXTURES, file), handler });

type Recorded = { name: string; event: Record<string, any> };

/** Every event the fixtures report, in arrival order; `next` waits for the next one matching. */
export class TriggerEvents {
  readonly #channel = new BroadcastChannel(CHANNEL);
  readonly #seen: Recorded[] = [];
  #waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = [];

  constructor() {
    this.#channel.onmessage = (message: MessageEvent) => {
      const recorded = message.data as Recorded;
      const waiter = this.#waiters.find((w) => w.match(recorded));
      if (waiter) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.resolve(recorded);
      } else {
        this.#seen.push(recorded);
      }
    };
  }

  /** The next event `name` received for `userName` (or any user), waiting up to two seconds. */
  next(name: string, triggerSource?: string): Promise<Record<string, any>> {
    const match = (r: Recorded) => r.name === name && (triggerSource === undefined || r.event['triggerSource'] === triggerSource);
    const index = this.#seen.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#seen.splice(index, 1)[0]!.event);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (r: Recorded) => { clearTimeout(timer); resolve(r.event); } };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${name} ${triggerSource ?? ''} event`));
      }, 2000);
      this.#waiters.push(waiter);
    });
  }

  /** Forgets what arrived so far. */
  clear(): void { this.#seen.length = 0; }

  close(): void { this.#channel.close(); }
}
