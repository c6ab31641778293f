/**
 * Group arithmetic and encodings for Cognito's SRP-6a.
 *
 * - N: the RFC 3526 3072-bit MODP prime (also RFC 5054's 3072-bit SRP group), g = 2.
 * - padHex(): Java `BigInteger.toByteArray()`-style hex, exactly as amazon-cognito-identity-js
 *   computes it (even length; `00` prefix when the top nibble is >= 8).
 * - modPowN(): base^exp mod N through OpenSSL (node:crypto Diffie-Hellman), ~5x faster than
 *   BigInt. OpenSSL refuses some bases (0, 1, N-1 and anything >= N-1 before reduction), so
 *   those — and any unexpected OpenSSL failure — are answered with BigInt math instead.
 *
 * Pure: no I/O. Everything here is synchronous.
 */
import { createDiffieHellman, createHash, DiffieHellman, getDiffieHellman } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

/** The 3072-bit group prime. */
export const N: bigint = BigInt('0x' + N_HEX);
/** The generator. */
export const g = 2n;
/** Byte length of N (and of every fixed-width group element we emit). */
export const N_BYTES = 384;

// ---------------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------------

/** Strict hex check (non-empty, [0-9a-fA-F] only). */
export function isHex(s: string): boolean {
  return s.length > 0 && /^[0-9a-fA-F]+$/.test(s);
}

/** Parses hex (any length, any case, no `0x`) into a non-negative bigint. Caller validates. */
export function bigIntFromHex(hex: string): bigint {
  return BigInt('0x' + hex);
}

/** Big-endian unsigned bytes → bigint (empty buffer → 0n). */
export function bigIntFromBytes(buf: Uint8Array): bigint {
  if (buf.length === 0) return 0n;
  return BigInt('0x' + Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('hex'));
}

/**
 * bigint → big-endian unsigned bytes. With `length`, left-pads with zeros to exactly that width
 * (throws if the value does not fit); without, uses the minimal width (0n → one zero byte).
 */
export function bigIntToBytes(n: bigint, length?: number): Buffer {
  if (n < 0n) throw new RangeError('bigIntToBytes: negative value');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  if (length === undefined) return Buffer.from(hex, 'hex');
  if (hex.length > length * 2) throw new RangeError(`bigIntToBytes: value exceeds ${length} bytes`);
  return Buffer.from(hex.padStart(length * 2, '0'), 'hex');
}

/** Lower-case hex without padding: what identity-js's `BigInteger.toString(16)` sends (SRP_A/SRP_B). */
export function toSrpHex(n: bigint): string {
  return n.toString(16);
}

/**
 * identity-js `padHex` for non-negative integers: even-length lower-case hex, prefixed with `00`
 * when the most significant nibble is >= 8 (Java `BigInteger.toByteArray()` semantics).
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError('padHex: negative values never occur server-side');
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const top = hex.charCodeAt(0);
  // '8'..'9' or 'a'..'f'
  if ((top >= 0x38 && top <= 0x39) || (top >= 0x61 && top <= 0x66)) hex = '00' + hex;
  return hex;
}

/** padHex as bytes. */
export function padBytes(n: bigint): Buffer {
  return Buffer.from(padHex(n), 'hex');
}

/** SHA-256 of a UTF-8 string (or bytes), hex-encoded (identity-js `hash`). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of the bytes a hex string encodes, hex-encoded (identity-js `hexHash`). */
export function hexHash(hex: string): string {
  return createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
}

/** k = H(padHex(N) ‖ padHex(g)) — the SRP-6a multiplier. Starts `538282c4354742d7`. */
export const k: bigint = bigIntFromHex(hexHash(padHex(N) + padHex(g)));

// ---------------------------------------------------------------------------------------------
// Modular exponentiation mod N
// ---------------------------------------------------------------------------------------------

/** Reduces into [0, N). */
export function modN(x: bigint): bigint {
  const r = x % N;
  return r < 0n ? r + N : r;
}

/** Plain BigInt modexp (fixed 4-bit window). Reference / fallback path; ~5x slower than OpenSSL. */
export function modPowBigInt(base: bigint, exp: bigint, mod: bigint = N): bigint {
  if (mod === 1n) return 0n;
  if (exp < 0n) throw new RangeError('modPowBigInt: negative exponent');
  let b = base % mod;
  if (b < 0n) b += mod;
  if (exp === 0n) return 1n;
  const table: bigint[] = [1n, b];
  for (let i = 2; i < 16; i++) table.push((table[i - 1]! * b) % mod);
  const hex = exp.toString(16);
  let r = 1n;
  for (let i = 0; i < hex.length; i++) {
    if (i > 0) {
      r = (r * r) % mod;
      r = (r * r) % mod;
      r = (r * r) % mod;
      r = (r * r) % mod;
    }
    const nib = parseInt(hex[i]!, 16);
    if (nib !== 0) r = (r * table[nib]!) % mod;
  }
  return r;
}

/**
 * One reusable OpenSSL DH context over (N, g). `setPrivateKey(e)` + `computeSecret(y)` computes
 * y^e mod N with OpenSSL's constant-time Montgomery ladder.
 *
 * Observed behaviour (Node 20.20 / OpenSSL 3.0.19; Node 24.21 / OpenSSL 3.5.8), all re-checked by
 * the known-answer test below:
 * - `createDiffieHellman(N, 2)` tests N for primality when it is built: free on OpenSSL 3.0, but
 *   ~4.5 s of blocked event loop on OpenSSL 3.5 (Node 24), at the first sign-in of each process.
 * - `crypto.getDiffieHellman('modp15')` is this exact group, named, built at no cost; it is a
 *   DiffieHellmanGroup, whose API has no `setPrivateKey`, but DiffieHellman's own
 *   `setPrivateKey` works on it (the same native object). That is the engine used; should a
 *   Node refuse it, the known-answer test fails and `createDiffieHellman` is the next choice.
 * - `computeSecret(y)` throws ERR_CRYPTO_INVALID_KEYLEN for y <= 1 ("too small") and y >= N-1
 *   ("too large"); there is no subgroup (y^q == 1) check since no q is set, so every other y works.
 * - `computeSecret` output is left-padded to 384 bytes; `generateKeys()` output is NOT padded.
 * - Cost grows linearly with the exponent's bit length (not its byte length).
 */
interface Engine {
  setPrivateKey(exp: Buffer): void;
  computeSecret(y: Buffer): Buffer;
}

let engine: Engine | null | undefined;

function namedGroup(): Engine {
  const dh = getDiffieHellman('modp15');
  if (bigIntFromBytes(dh.getPrime()) !== N || bigIntFromBytes(dh.getGenerator()) !== g) throw new Error('modp15 is not this group');
  const setPrivateKey = DiffieHellman.prototype.setPrivateKey as (this: unknown, key: Buffer) => void;
  return { setPrivateKey: (exp) => setPrivateKey.call(dh, exp), computeSecret: (y) => dh.computeSecret(y) };
}

function explicitPrime(): Engine {
  const dh = createDiffieHellman(bigIntToBytes(N), Buffer.from([2]));
  return { setPrivateKey: (exp) => dh.setPrivateKey(exp), computeSecret: (y) => dh.computeSecret(y) };
}

function getEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  for (const make of [namedGroup, explicitPrime]) {
    try {
      const candidate = make();
      // Known-answer test against BigInt, so a behaviour change in a future Node/OpenSSL degrades to
      // slow-but-correct instead of wrong.
      const base = 0x1234567890abcdef1234567890abcdefn;
      const exp = 0x8badf00dcafebabe0123456789abcdef55n;
      candidate.setPrivateKey(bigIntToBytes(exp));
      if (bigIntFromBytes(candidate.computeSecret(bigIntToBytes(base))) === modPowBigInt(base, exp)) {
        engine = candidate;
        break;
      }
    } catch {
      // the next one
    }
  }
  return engine;
}

/** True when modPowN() runs through OpenSSL (false = BigInt fallback). */
export function usingOpenSsl(): boolean {
  return getEngine() !== null;
}

/**
 * base^exp mod N for any base (reduced first) and any non-negative exponent.
 * Runtime depends only on the bit length of `exp` (for OpenSSL-accepted bases).
 */
export function modPowN(base: bigint, exp: bigint): bigint {
  if (exp < 0n) throw new RangeError('modPowN: negative exponent');
  const y = modN(base);
  if (exp === 0n) return 1n;
  // Values OpenSSL refuses as a DH public key; trivial anyway.
  if (y === 0n) return 0n;
  if (y === 1n) return 1n;
  if (y === N - 1n) return (exp & 1n) === 0n ? 1n : N - 1n;
  const dh = getEngine();
  if (dh !== null) {
    try {
      dh.setPrivateKey(bigIntToBytes(exp));
      return bigIntFromBytes(dh.computeSecret(bigIntToBytes(y, N_BYTES)));
    } catch {
      // Fall through to BigInt: correctness over speed.
    }
  }
  return modPowBigInt(y, exp);
}

/** (a · b) mod N. */
export function mulModN(a: bigint, b: bigint): bigint {
  return modN(a * b);
}
