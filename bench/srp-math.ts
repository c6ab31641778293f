/**
 * Micro-benchmark of the server-side SRP math (single core, synchronous).
 *   node --import tsx bench/srp-math.ts
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  N,
  computeVerifier,
  fakeB,
  formatSrpTimestamp,
  generateSalt,
  startSrp,
  usingOpenSsl,
  verifierMatchesPassword,
  verifyPasswordClaim,
} from '../src/userPools/srp/index.ts';
import { bigIntFromBytes, modPowBigInt, modPowN } from '../src/userPools/srp/math.ts';

function bench(name: string, fn: () => void, minMs = 1500): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 10; i++) fn();
    n += 10;
    elapsed = performance.now() - t0;
  }
  const perOp = elapsed / n;
  console.log(`${name.padEnd(44)} ${perOp.toFixed(3).padStart(7)} ms/op  ${Math.round(1000 / perOp).toString().padStart(6)} ops/s`);
  return perOp;
}

// A valid claim produced by the real client (identity-js), verified repeatedly.
interface Helper {
  getLargeAValue(cb: (e: unknown, A: { toString(r: number): string }) => void): void;
  getPasswordAuthenticationKey(u: string, p: string, B: unknown, s: unknown, cb: (e: unknown, k: Buffer) => void): void;
}
const require = createRequire(import.meta.url);
const AuthenticationHelper = (require('amazon-cognito-identity-js/lib/AuthenticationHelper.js') as { default: new (p: string) => Helper }).default;
const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger.js') as { default: new (v: string, r: number) => unknown }).default;

const pool = 'AbCd1234';
const user = '3f0c2b8e-1d2a-4c55-9a57-0c1e4f6a9b21';
const password = 'P@ssw0rd!';
const salt = generateSalt();
const verifier = computeVerifier(pool, user, password, salt);
const helper = new AuthenticationHelper(pool);
let srpAHex = '';
helper.getLargeAValue((_e, A) => (srpAHex = A.toString(16)));
const { b, B, srpBHex } = startSrp(verifier);
const secretBlock = randomBytes(200);
const timestamp = formatSrpTimestamp(new Date());
let key: Buffer = Buffer.alloc(0);
helper.getPasswordAuthenticationKey(user, password, new BigInteger(srpBHex, 16), new BigInteger(salt.toString('hex'), 16), (_e, k) => (key = k));
const signatureB64 = createHmac('sha256', key)
  .update(Buffer.concat([Buffer.from(pool), Buffer.from(user), secretBlock, Buffer.from(timestamp)]))
  .digest('base64');
const claim = { poolName: pool, userIdForSrp: user, srpAHex, b, B, verifier, secretBlock, timestamp, signatureB64 };
if (!verifyPasswordClaim(claim)) throw new Error('benchmark claim does not verify');

console.log(`node ${process.version}, OpenSSL ${process.versions.openssl}, modexp via ${usingOpenSsl() ? 'OpenSSL' : 'BigInt'}`);
const step1 = bench('step 1: startSrp (B = kv + g^b)', () => startSrp(verifier));
bench('step 1 (unknown user): fakeB', () => fakeB());
const step2 = bench('step 2: verifyPasswordClaim', () => verifyPasswordClaim(claim));
bench('password -> verifier: computeVerifier', () => computeVerifier(pool, user, password, salt));
bench('USER_PASSWORD_AUTH: verifierMatchesPassword', () => verifierMatchesPassword(pool, user, password, salt, verifier));
console.log(`${'full SRP sign-in, server side (step 1 + 2)'.padEnd(44)} ${(step1 + step2).toFixed(3).padStart(7)} ms/op  ${Math.round(1000 / (step1 + step2)).toString().padStart(6)} ops/s`);

const base = bigIntFromBytes(randomBytes(384)) % N;
const exp = bigIntFromBytes(randomBytes(32)) | (1n << 255n);
bench('modexp 3072/256 OpenSSL (modPowN)', () => modPowN(base, exp));
bench('modexp 3072/256 BigInt (fallback)', () => modPowBigInt(base, exp), 1000);
