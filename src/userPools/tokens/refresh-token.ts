/**
 * Refresh tokens are opaque random handles dressed as Cognito's: a five-part JWE with
 * Cognito's protected header, so clients that sniff the shape (or log a prefix) see what they
 * expect. Nothing is encrypted in them: the other four parts are random bytes (2,784 bits in
 * all), sized like RSA-OAEP-2048 key / GCM IV / ciphertext / tag. The server keeps only their
 * SHA-256, so a copy of the database cannot be replayed.
 */
import { createHash, randomBytes } from 'node:crypto';

/** `{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}`, as every real Cognito refresh token starts. */
export const REFRESH_TOKEN_HEADER = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ';

/** Byte lengths of the encrypted key, IV, ciphertext and tag parts. */
const PART_BYTES = [256, 12, 64, 16] as const;
const TOTAL_BYTES = PART_BYTES.reduce((a, b) => a + b, 0);

const SHAPE = new RegExp(`^${REFRESH_TOKEN_HEADER}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`);

export function mintRefreshToken(): string {
  const bytes = randomBytes(TOTAL_BYTES);
  const parts: string[] = [REFRESH_TOKEN_HEADER];
  let offset = 0;
  for (const n of PART_BYTES) {
    parts.push(bytes.subarray(offset, offset + n).toString('base64url'));
    offset += n;
  }
  return parts.join('.');
}

/** True when the string has the shape of a refresh token this server mints. */
export const looksLikeRefreshToken = (token: string): boolean => SHAPE.test(token);

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');
