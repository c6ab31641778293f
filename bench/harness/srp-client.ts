/**
 * The client side of Cognito's SRP (what amazon-cognito-identity-js computes), built on the
 * server's own group arithmetic because it runs through OpenSSL: identity-js's JavaScript
 * BigInteger would make the load generator, not the server, the bottleneck on a small machine.
 * The tests prove the server against identity-js itself; here only speed matters.
 *
 * Two shortcuts that change nothing on the server's side: a small ring of ephemeral (a, A)
 * pairs is reused, and each user's x and g^x are kept after the first sign-in (they depend only
 * on the user's salt and password). A real client must draw a fresh `a` every time.
 */
import { randomBytes } from 'node:crypto';
import {
  N, bigIntFromBytes, bigIntFromHex, bigIntToBytes, computeU, computeVerifier, computeX, derivePasswordAuthKey,
  formatSrpTimestamp, g, k, modPowN, passwordClaimSignature, toSrpHex,
} from '../../src/userPools/srp/index.ts';

interface Ephemeral {
  a: bigint;
  A: bigint;
  srpAHex: string;
}

export interface Challenge {
  SALT: string;
  SRP_B: string;
  SECRET_BLOCK: string;
  USER_ID_FOR_SRP: string;
}

export class SrpClient {
  readonly #ring: Ephemeral[] = [];
  #turn = 0;
  readonly #userSecrets = new Map<string, { x: bigint; gx: bigint }>();

  constructor(readonly poolName: string, ringSize = 64) {
    for (let i = 0; i < ringSize; i++) {
      const a = bigIntFromBytes(randomBytes(32)) | (1n << 255n);
      const A = modPowN(g, a);
      this.#ring.push({ a, A, srpAHex: toSrpHex(A) });
    }
  }

  /** SRP_A for step one, with the ephemeral that step two needs. */
  start(): Ephemeral {
    return this.#ring[this.#turn++ % this.#ring.length]!;
  }

  /** The PASSWORD_VERIFIER answer to the server's challenge. */
  respond(e: Ephemeral, c: Challenge, password: string): { PASSWORD_CLAIM_SIGNATURE: string; PASSWORD_CLAIM_SECRET_BLOCK: string; TIMESTAMP: string } {
    const saltBytes = bigIntToBytes(bigIntFromHex(c.SALT));
    const key = `${c.USER_ID_FOR_SRP}\n${c.SALT}\n${password}`;
    let secret = this.#userSecrets.get(key);
    if (!secret) {
      secret = {
        x: computeX(this.poolName, c.USER_ID_FOR_SRP, password, saltBytes),
        gx: bigIntFromBytes(computeVerifier(this.poolName, c.USER_ID_FOR_SRP, password, saltBytes)),
      };
      this.#userSecrets.set(key, secret);
    }
    const B = bigIntFromHex(c.SRP_B);
    const u = computeU(e.A, B);
    const base = (((B - k * secret.gx) % N) + N) % N;
    const S = modPowN(base, e.a + u * secret.x);
    const authKey = derivePasswordAuthKey(S, u);
    const timestamp = formatSrpTimestamp(new Date());
    const signature = passwordClaimSignature(authKey, this.poolName, c.USER_ID_FOR_SRP, Buffer.from(c.SECRET_BLOCK, 'base64'), timestamp);
    return { PASSWORD_CLAIM_SIGNATURE: signature.toString('base64'), PASSWORD_CLAIM_SECRET_BLOCK: c.SECRET_BLOCK, TIMESTAMP: timestamp };
  }
}
