/**
 * Server side of Cognito's SRP-6a (USER_SRP_AUTH → PASSWORD_VERIFIER, and device SRP
 * DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER), bit-for-bit compatible with
 * amazon-cognito-identity-js / Amplify.
 *
 * Pure math: the caller owns storage, the SECRET_BLOCK sealing, sessions, clock-skew policy and
 * error mapping.
 *
 *  password set:   salt = generateSalt(); v = computeVerifier(poolName, userIdForSrp, password, salt)
 *  PASSWORD_AUTH:  verifierMatchesPassword(poolName, userIdForSrp, password, salt, v)
 *  SRP step 1:     parseSrpA(SRP_A) (validate); { b, B, srpBHex } = startSrp(v); seal b, B, A in SECRET_BLOCK
 *  SRP step 2:     verifyPasswordClaim({ ..., srpAHex, b, B, verifier: v, secretBlock, timestamp, signatureB64 })
 *  device SRP:     the same with poolName := DeviceGroupKey, userIdForSrp := DeviceKey
 *                  (and the client-supplied salt/verifier from ConfirmDevice; check isAcceptableVerifier).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  N,
  N_BYTES,
  bigIntFromBytes,
  bigIntFromHex,
  bigIntToBytes,
  g,
  hexHash,
  isHex,
  k,
  modN,
  modPowN,
  mulModN,
  padBytes,
  padHex,
  sha256Hex,
  toSrpHex,
} from './math.ts';
import { canonicalSrpTimestamp } from './timestamp.ts';

/** Why an SRP input was refused outright (as opposed to "signature does not match" → false). */
type SrpErrorCode =
  /** SRP_A is not hex, is absurdly long, or A mod N == 0. */
  | 'INVALID_SRP_A'
  /** TIMESTAMP does not parse as `EEE MMM d HH:mm:ss z yyyy` (→ InvalidParameterException, TIMESTAMP_FORMAT_MESSAGE). */
  | 'INVALID_TIMESTAMP';

export class SrpError extends Error {
  readonly code: SrpErrorCode;
  constructor(code: SrpErrorCode, message: string) {
    super(message);
    this.name = 'SrpError';
    this.code = code;
  }
}

/** SRP_A longer than this many hex digits is refused (A < N needs at most 768). */
const MAX_SRP_A_HEX = 1024;
/** Salt length generated here (real Cognito: 16 bytes, 32 hex digits). */
const SALT_BYTES = 16;
/** Private ephemeral b: 256 bits with the top bit forced, so every g^b / X^b costs the same. */
const B_PRIVATE_BYTES = 32;
const HKDF_INFO = Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]);

// ---------------------------------------------------------------------------------------------
// Password → verifier
// ---------------------------------------------------------------------------------------------

/** 16 random bytes. Send to clients as `salt.toString('hex')` (they re-parse it as an integer). */
export function generateSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

/** x = H(padHex(salt) ‖ H_hex(poolName ‖ userIdForSrp ‖ ':' ‖ password)). Salt bytes are read as an unsigned integer. */
export function computeX(poolName: string, userIdForSrp: string, password: string, salt: Uint8Array): bigint {
  const inner = sha256Hex(`${poolName}${userIdForSrp}:${password}`);
  return bigIntFromHex(hexHash(padHex(bigIntFromBytes(salt)) + inner));
}

/** 2^256: added to x so g^x always runs a 257-bit exponent (x's bit length would otherwise leak through timing). */
const X_SHIFT = 1n << 256n;
let gInvShiftCache: bigint | undefined;
/** g^(-2^256) mod N, computed once: g^-1 = (N+1)/2. */
function gInvShift(): bigint {
  gInvShiftCache ??= modPowN((N + 1n) / 2n, X_SHIFT);
  return gInvShiftCache;
}

/** g^x mod N with a fixed-length exponent (x < 2^256, always true for a SHA-256 output). */
function gPowX(x: bigint): bigint {
  if (x >= X_SHIFT) return modPowN(g, x);
  return mulModN(modPowN(g, x + X_SHIFT), gInvShift());
}

/**
 * v = g^x mod N as 384 big-endian bytes. Also the device verifier (poolName := DeviceGroupKey,
 * userIdForSrp := DeviceKey, password := the device's random password).
 */
export function computeVerifier(poolName: string, userIdForSrp: string, password: string, salt: Uint8Array): Buffer {
  return bigIntToBytes(gPowX(computeX(poolName, userIdForSrp, password, salt)), N_BYTES);
}

/** Stored verifier → 384 fixed bytes, or null if it does not fit (never true for one we made). */
function fixedWidth(verifier: Uint8Array): Buffer | null {
  const v = bigIntFromBytes(verifier);
  return v < 1n << BigInt(N_BYTES * 8) ? bigIntToBytes(v, N_BYTES) : null;
}

/**
 * USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH: recompute g^x from the submitted password and
 * compare with the stored verifier in constant time. Any stored encoding width is accepted.
 */
export function verifierMatchesPassword(
  poolName: string,
  userIdForSrp: string,
  password: string,
  salt: Uint8Array,
  verifier: Uint8Array,
): boolean {
  const candidate = computeVerifier(poolName, userIdForSrp, password, salt);
  const stored = fixedWidth(verifier);
  return timingSafeEqual(candidate, stored ?? Buffer.alloc(N_BYTES)) && stored !== null;
}

/**
 * A verifier v we are willing to run SRP against: 1 < v mod N < N-1 and v < 2^3080.
 * v ≡ 0, 1 or N-1 would make the session key computable without the password. Our own verifiers
 * always pass; use this to validate client-supplied device verifiers (ConfirmDevice).
 */
export function isAcceptableVerifier(verifier: Uint8Array): boolean {
  if (verifier.length === 0 || verifier.length > N_BYTES + 1) return false;
  const v = modN(bigIntFromBytes(verifier));
  return v > 1n && v < N - 1n;
}

// ---------------------------------------------------------------------------------------------
// Step 1
// ---------------------------------------------------------------------------------------------

/**
 * Parses and validates SRP_A (lower/upper-case hex of any length up to 1024 digits, as
 * identity-js sends `A.toString(16)` unpadded). Throws SrpError('INVALID_SRP_A') when malformed
 * or A mod N == 0. Use at step 1 to refuse bad input early.
 */
export function parseSrpA(srpAHex: string): bigint {
  if (typeof srpAHex !== 'string' || srpAHex.length > MAX_SRP_A_HEX || !isHex(srpAHex)) {
    throw new SrpError('INVALID_SRP_A', 'SRP_A is not a valid hex string');
  }
  const A = bigIntFromHex(srpAHex);
  if (modN(A) === 0n) throw new SrpError('INVALID_SRP_A', 'SRP_A mod N must not be 0');
  return A;
}

interface SrpServerStart {
  /** Private ephemeral (32 bytes). Keep secret: seal it in SECRET_BLOCK or server-side state. */
  b: Buffer;
  /** Public ephemeral B as 384 big-endian bytes. */
  B: Buffer;
  /** SRP_B for ChallengeParameters: lower-case hex, unpadded (like identity-js `toString(16)`). */
  srpBHex: string;
}

function randomPrivateB(): Buffer {
  const b = randomBytes(B_PRIVATE_BYTES);
  b[0] |= 0x80;
  return b;
}

/** Server step 1: fresh b and B = (k·v + g^b) mod N. One 256-bit modexp. */
export function startSrp(verifier: Uint8Array): SrpServerStart {
  const v = modN(bigIntFromBytes(verifier));
  const kv = mulModN(k, v);
  for (;;) {
    const b = randomPrivateB();
    const B = modN(kv + modPowN(g, bigIntFromBytes(b)));
    // B ≡ 0 has probability ~2^-3072; the client would abort, so just draw again.
    if (B !== 0n) return { b, B: bigIntToBytes(B, N_BYTES), srpBHex: toSrpHex(B) };
  }
}

// ---------------------------------------------------------------------------------------------
// Step 2
// ---------------------------------------------------------------------------------------------

/** u = H(padHex(A) ‖ padHex(B)). */
export function computeU(A: bigint, B: bigint): bigint {
  return bigIntFromHex(hexHash(padHex(A) + padHex(B)));
}

/** HKDF-SHA256 (one block) with salt = padHex(u) bytes, IKM = padHex(S) bytes, info "Caldera Derived Key" → 16 bytes. */
export function derivePasswordAuthKey(S: bigint, u: bigint): Buffer {
  const prk = createHmac('sha256', padBytes(u)).update(padBytes(S)).digest();
  return createHmac('sha256', prk).update(HKDF_INFO).digest().subarray(0, 16);
}

/**
 * PASSWORD_CLAIM_SIGNATURE = base64(HMAC_SHA256(K, poolName ‖ userIdForSrp ‖ secretBlock ‖ timestamp)),
 * all strings UTF-8. `secretBlock` is the base64-decoded SECRET_BLOCK (decode it like the clients
 * do: `Buffer.from(str, 'base64')`). `timestamp` is used verbatim (pass the canonical form).
 */
export function passwordClaimSignature(
  key: Uint8Array,
  poolName: string,
  userIdForSrp: string,
  secretBlock: Uint8Array,
  timestamp: string,
): Buffer {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userIdForSrp, 'utf8'))
    .update(secretBlock)
    .update(Buffer.from(timestamp, 'utf8'))
    .digest();
}

interface PasswordClaim {
  /** Pool name (pool id after `_`), or the DeviceGroupKey for device SRP. */
  poolName: string;
  /** USER_ID_FOR_SRP (internal username), or the DeviceKey for device SRP. */
  userIdForSrp: string;
  /** SRP_A as received at step 1. */
  srpAHex: string;
  /** b and B from startSrp(). */
  b: Uint8Array;
  B: Uint8Array;
  /** The stored verifier v. */
  verifier: Uint8Array;
  /** PASSWORD_CLAIM_SECRET_BLOCK, base64-decoded (`Buffer.from(str, 'base64')`). */
  secretBlock: Uint8Array;
  /** TIMESTAMP exactly as received. */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE exactly as received. */
  signatureB64: string;
}

/** Standard or URL-safe base64, padding optional, of exactly 32 bytes. */
function decodeSignature(sig: string): Buffer | null {
  if (typeof sig !== 'string' || sig.length < 43 || sig.length > 44 || !/^[A-Za-z0-9+/_-]{43}=?$/.test(sig)) {
    return null;
  }
  const bytes = Buffer.from(sig, 'base64');
  return bytes.length === 32 ? bytes : null;
}

/**
 * Server step 2: S = (A·v^u)^b mod N, K = HKDF(S, u), and constant-time comparison of the
 * client's signature with HMAC(K, poolName ‖ userIdForSrp ‖ secretBlock ‖ canonical(timestamp)).
 *
 * @returns true iff the claim proves knowledge of the password. Returns false (never throws) for a
 *   wrong password, a tampered secret block, a non-canonical timestamp (`Sep 05`, wrong weekday),
 *   a malformed signature, malformed/degenerate A (not hex, A mod N == 0), degenerate B/b/u, or an
 *   unacceptable verifier.
 * @throws SrpError('INVALID_TIMESTAMP') only when TIMESTAMP is unparseable — answer
 *   `InvalidParameterException: TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.`
 *   Clock-skew / freshness checks are the caller's (use parseSrpTimestamp()).
 */
export function verifyPasswordClaim(claim: PasswordClaim): boolean {
  const canonical = canonicalSrpTimestamp(claim.timestamp);
  if (canonical === null) {
    throw new SrpError('INVALID_TIMESTAMP', 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  }
  const signature = decodeSignature(claim.signatureB64);
  if (signature === null) return false;

  let A: bigint;
  try {
    A = parseSrpA(claim.srpAHex);
  } catch {
    return false;
  }
  if (!isAcceptableVerifier(claim.verifier)) return false;
  const v = modN(bigIntFromBytes(claim.verifier));
  const B = bigIntFromBytes(claim.B);
  const b = bigIntFromBytes(claim.b);
  if (modN(B) === 0n || b === 0n) return false;
  const u = computeU(A, B);
  if (u === 0n) return false;

  const S = modPowN(mulModN(A, modPowN(v, u)), b);
  const key = derivePasswordAuthKey(S, u);
  const expected = passwordClaimSignature(key, claim.poolName, claim.userIdForSrp, claim.secretBlock, canonical);
  return timingSafeEqual(expected, signature);
}

// ---------------------------------------------------------------------------------------------
// Unknown users (PreventUserExistenceErrors = ENABLED)
// ---------------------------------------------------------------------------------------------

function fakeDigest(secretKey: Uint8Array | string, label: string, poolId: string, username: string): Buffer {
  return createHmac('sha256', secretKey).update(`alcove/srp/${label}\0${poolId}\0${username}`, 'utf8').digest();
}

/**
 * A stable 16-byte salt for a user that does not exist: same (secretKey, poolId, username) → same
 * salt, indistinguishable from a real one without `secretKey`. The caller decides how usernames are
 * normalised (case-insensitive pools should pass the folded name).
 */
export function fakeSaltFor(secretKey: Uint8Array | string, poolId: string, username: string): Buffer {
  return fakeDigest(secretKey, 'fake-salt', poolId, username).subarray(0, SALT_BYTES);
}

/** A stable UUID-formatted (v4-shaped) USER_ID_FOR_SRP for a user that does not exist. */
export function fakeUserIdFor(secretKey: Uint8Array | string, poolId: string, username: string): string {
  const h = fakeDigest(secretKey, 'fake-user-id', poolId, username).subarray(0, 16);
  h[6] = (h[6] & 0x0f) | 0x40;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Step 1 for a user that does not exist: runs exactly the startSrp() code path (same modexp
 * cost) against a random verifier, so B is uniformly distributed and the timing matches. Step 2
 * should then call verifyPasswordClaim() with `fakeVerifier()` (always false, same cost).
 */
export function fakeB(): SrpServerStart {
  return startSrp(fakeVerifier());
}

/** A random acceptable verifier (for running the step-2 code path on unknown users). */
export function fakeVerifier(): Buffer {
  for (;;) {
    const v = randomBytes(N_BYTES);
    if (isAcceptableVerifier(v)) return bigIntToBytes(modN(bigIntFromBytes(v)), N_BYTES);
  }
}
