/**
 * The storage port of the keys that sign identity pools' OpenID tokens
 * (`identity_signing_keys`), implemented in storage/sql/identity-keys.ts. Types only.
 */
export interface IdentityKeyRow {
  /** 1 for the first key, +1 per rotation; the highest signs. */
  generation: number;
  kid: string;
  /** PKCS#8 PEM, sealed by the KeyVault (sealed column `identity_signing_key`). */
  privateKeyEnc: string;
  publicJwk: { kty: 'RSA'; n: string; e: string };
  createdAt: number;
}

export interface IdentityKeyRepo {
  /** Inserts the key unless its generation exists; true when this call inserted it. */
  insertIfAbsent(key: IdentityKeyRow): Promise<boolean>;
  /** Every key, newest first. */
  list(): Promise<IdentityKeyRow[]>;
}
