/**
 * SRP's SECRET_BLOCK: the state between PASSWORD_VERIFIER's two steps (the server's private b,
 * B, the client's A, who it is for and when it was issued), sealed for this pool and client and
 * handed to the client, which signs it and sends it back. Base64, as the clients decode it
 * before signing.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { AuthCall } from './call.ts';

export interface SecretBlock {
  /** The user's sub, or null for an unknown username whose challenge is simulated. */
  userId: string | null;
  userIdForSrp: string;
  /** USERNAME as given at step 1. */
  username: string;
  srpA: string;
  /** b and B, base64. */
  b: string;
  B: string;
  nonce: string;
  issuedAt: number;
  /**
   * Issued inside CUSTOM_AUTH (after SRP_A): answerable only with that flow's Session, whose
   * nonce it shares, so a right password continues the custom flow rather than ending it.
   */
  custom?: true;
}

const sealContext = (call: AuthCall) => `srp-secret-block:${call.pool.id}:${call.client.id}`;

export function sealSecretBlock(call: AuthCall, block: Omit<SecretBlock, 'nonce'> & { nonce?: string }): string {
  const sealed = call.services.vault.seal(JSON.stringify({ ...block, nonce: block.nonce ?? randomUUID() }), sealContext(call));
  return Buffer.from(sealed, 'utf8').toString('base64');
}

/** A block this server sealed for this client; anything else fails like a wrong password. */
export function openSecretBlock(call: AuthCall, secretBlock: string): SecretBlock {
  try {
    const sealed = Buffer.from(secretBlock, 'base64').toString('utf8');
    return JSON.parse(call.services.vault.openString(sealed, sealContext(call))) as SecretBlock;
  } catch {
    throw errors.notAuthorized('Incorrect username or password.');
  }
}
