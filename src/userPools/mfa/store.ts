/**
 * The storage port of MFA: users' software tokens (TOTP seeds), implemented in
 * storage/sql/software-tokens.ts. Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { RowLock } from '../../storage/store.ts';

export interface SoftwareTokenRow {
  id: string;
  userId: string;
  poolId: string;
  /** The TOTP seed, sealed (sealContext in mfa/totp.ts). */
  secretEnc: string;
  /** False while associated but not yet verified. */
  verified: boolean;
  friendlyName: string | null;
  /** The latest RFC 6238 time step accepted, if any: no code of it or of an earlier step is accepted again. */
  lastStep: number | null;
  createdAt: number;
}

export interface SoftwareTokenRepo {
  /** Stores a new pending token for its user, replacing the user's earlier pending one. */
  putPending(token: SoftwareTokenRow): Promise<void>;
  get(id: string, lock?: RowLock): Promise<SoftwareTokenRow | undefined>;
  /** The user's verified token, if any. */
  verifiedOf(userId: string): Promise<SoftwareTokenRow | undefined>;
  /** The user's pending token, if any. */
  pendingOf(userId: string): Promise<SoftwareTokenRow | undefined>;
  /**
   * Makes the pending token `id` its user's verified one, replacing any earlier verified one,
   * with `step` recorded as used. True for the one caller that found it still pending.
   */
  promote(id: string, userId: string, friendlyName: string | null, step: number): Promise<boolean>;
  /** Records `step` as used on the verified token `id`, in one statement: true only when it is later than every step used before. */
  claimStep(id: string, step: number): Promise<boolean>;
  /** Deletes the user's tokens, verified and pending; true when a verified one was deleted. */
  deleteOf(userId: string): Promise<boolean>;
}
