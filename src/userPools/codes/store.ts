/**
 * The storage port of confirmation codes, implemented in storage/sql/codes.ts. Types only, no
 * SQL: see docs/architecture.md, Storage.
 */

interface CodeRow {
  userId: string;
  /** What the code confirms: `signup`, `forgot`, `verify:email`, `verify:phone_number`, ... */
  purpose: string;
  poolId: string;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

export interface CodeRepo {
  put(code: CodeRow): Promise<void>;
  get(userId: string, purpose: string): Promise<CodeRow | undefined>;
  delete(userId: string, purpose: string): Promise<void>;
  /**
   * Reserves one attempt at the code whose hash is `codeHash`, in one statement: counted only
   * while it is live at `now` and has had fewer than `limit`; the new count, or undefined when
   * no attempt was left (or the code is gone, expired or replaced).
   */
  reserveAttempt(userId: string, purpose: string, codeHash: string, limit: number, now: number): Promise<number | undefined>;
  /** Deletes the code whose hash is `codeHash`, in one statement; true for the one caller that did. */
  consume(userId: string, purpose: string, codeHash: string): Promise<boolean>;
  purgeExpired(now: number): Promise<void>;
}
