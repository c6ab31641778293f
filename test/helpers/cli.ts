/**
 * How the tests run the `alcove` command: the TypeScript sources through tsx, as in development
 * (`node ${ALCOVE.join(' ')} serve …`). bin/alcove.js runs the compiled output instead; the
 * package test (test/package) runs that, from the packed tarball.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** Arguments for `process.execPath` that come before the command's own. */
export const ALCOVE: readonly string[] = ['--import', import.meta.resolve('tsx'), path.join(ROOT, 'src/cli/main.ts')];

/** One line of the server's JSON log. */
export interface LogEntry { msg?: string; url?: string }

/**
 * The URL of an `alcove serve` child, once it logs that it listens. Every stdout line is added to
 * `output` (pass the array its stderr lines go to, for one transcript) and each log entry shown
 * to `onEntry`; a child that exits first, or says nothing in `timeoutMs`, rejects with the output.
 */
export function listeningUrl(
  child: ChildProcess, output: string[] = [], onEntry?: (entry: LogEntry) => void, timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within ${timeoutMs / 1000} s:\n${output.join('\n')}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      let entry: LogEntry;
      try { entry = JSON.parse(line) as LogEntry; } catch { return; } // not a log line
      onEntry?.(entry);
      if (entry.msg === 'alcove is listening' && entry.url) { clearTimeout(timer); resolve(entry.url); }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code ?? signal} before listening:\n${output.join('\n')}`));
    });
  });
}
