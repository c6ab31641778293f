/**
 * The storage port of passkeys: users' WebAuthn credentials, implemented in
 * storage/sql/webauthn-credentials.ts. Types only, no SQL: see docs/architecture.md, Storage.
 */
import type { Page } from '../../storage/store.ts';

export interface WebAuthnCredentialRow {
  /** The authenticator's credential id, base64url. */
  credentialId: string;
  userId: string;
  poolId: string;
  /** The COSE public key, base64url (public material: not sealed). */
  publicKey: string;
  /** The latest signature counter accepted (0 for authenticators that keep none). */
  signCount: number;
  transports: string[];
  friendlyName: string;
  relyingPartyId: string;
  aaguid: string;
  authenticatorAttachment: string | null;
  createdAt: number;
}

export interface WebAuthnCredentialRepo {
  /** Stores a new credential; UniqueViolation when its id is registered already. */
  insert(row: WebAuthnCredentialRow): Promise<void>;
  get(credentialId: string): Promise<WebAuthnCredentialRow | undefined>;
  /** A user's credentials, oldest first. */
  listOf(userId: string, limit: number, cursor?: string): Promise<Page<WebAuthnCredentialRow>>;
  /** The user's credentials, all of them (sign-in options; at most the few a user registers). */
  allOf(userId: string): Promise<WebAuthnCredentialRow[]>;
  /** Deletes the user's credential `credentialId`; true when it was theirs and is gone. */
  delete(userId: string, credentialId: string): Promise<boolean>;
  /**
   * Records the counter of a verified assertion, in one statement: true only when `counter` is
   * above the stored one, or both are 0 (an authenticator without a counter).
   */
  claimCounter(credentialId: string, counter: number): Promise<boolean>;
}
