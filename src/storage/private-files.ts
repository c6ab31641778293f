/**
 * The data directory holds the SQLite database and its WAL/SHM files, the key-encryption key and
 * the generated access key: only the server's user may read them, whatever the process umask.
 * A umask only removes permission bits, so modes are set explicitly after creation as well.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/** Creates `dir` (and missing parents) mode 0700; a directory this call created is chmod-ed to 0700. */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) chmodSync(dir, 0o700);
}

/**
 * Makes sure `file` exists with mode 0600 before another library opens it: SQLite gives the WAL
 * and SHM files the mode of the database file, so they are 0600 too.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
