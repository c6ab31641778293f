/**
 * The custom-sender fixture (fixtures/custom-sender/senders.mjs) decrypts each code it is given and
 * appends `{ code, event }` as one JSON line to a file named after the recipient in a mailbox
 * directory, which it finds in ALCOVE_TEST_MAILBOX. This makes that directory and reads it back.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SenderMailbox {
  /** The `count`th message the handler "sent" to `to`, once it has been written in full. */
  delivered<T = { code: string; event: Record<string, any> }>(to: string, count: number): Promise<T>;
  remove(): void;
}

/** A fresh mailbox, announced to the fixture (the worker threads inherit this process's env). */
export function senderMailbox(env: Record<string, string>): SenderMailbox {
  const dir = mkdtempSync(path.join(tmpdir(), 'alcove-senders-'));
  Object.assign(process.env, { ...env, ALCOVE_TEST_MAILBOX: dir });
  return {
    async delivered<T>(to: string, count: number): Promise<T> {
      const file = path.join(dir, to);
      for (let i = 0; i < 200; i++) {
        if (existsSync(file)) {
          // Complete lines only: the handler may be appending the next one while this reads.
          const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
          if (lines.length >= count) return JSON.parse(lines[count - 1]!) as T;
        }
        await sleep(25);
      }
      throw new Error(`no custom-sender message ${count} to ${to}`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
