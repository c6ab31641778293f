/**
 * Verifying a third party's JWT signature with node:crypto: RS256/384/512 and ES256/384
 * (the algorithms OpenID providers publish keys for). The project's JWS code signs and checks
 * RS256 only, which is all Alcove's own tokens use.
 */
import { verify, type KeyObject } from 'node:crypto';

const ALGORITHMS: Record<string, { hash: string; ec?: true }> = {
  RS256: { hash: 'sha256' }, RS384: { hash: 'sha384' }, RS512: { hash: 'sha512' },
  ES256: { hash: 'sha256', ec: true }, ES384: { hash: 'sha384', ec: true },
};

export function verifyJwtSignature(alg: unknown, signingInput: string, signature: Buffer, key: KeyObject): boolean {
  if (typeof alg !== 'string' || !Object.hasOwn(ALGORITHMS, alg)) return false;
  const spec = ALGORITHMS[alg]!;
  if ((key.asymmetricKeyType === 'ec') !== (spec.ec === true)) return false;
  try {
    return verify(spec.hash, Buffer.from(signingInput), spec.ec ? { key, dsaEncoding: 'ieee-p1363' } : key, signature);
  } catch {
    return false;
  }
}
