/**
 * TOTP (RFC 6238) through `otpauth`: 30-second steps, six digits, HMAC-SHA1 (what
 * authenticator apps and Cognito use), a code of the current step or of one step either side
 * accepted. The seed is 32 random bytes, shown in base32 as AssociateSoftwareToken's SecretCode
 * and sealed at rest under `sealContext` (userPools/sealed/columns.ts). Which step a code
 * matched is returned, so that the caller can spend that step once (SoftwareTokenRepo.claimStep).
 */
import { createRequire } from 'node:module';
import type * as OtpAuth from 'otpauth';
import type { KeyVault } from '../../crypto/key-vault.ts';

/** `otpauth`, loaded by the first TOTP call rather than at every start. */
let otpauthModule: typeof OtpAuth | undefined;
const otpauth = (): typeof OtpAuth => (otpauthModule ??= createRequire(import.meta.url)('otpauth') as typeof OtpAuth);

export const PERIOD_SECONDS = 30;
const WINDOW = 1;

export const sealContext = (id: string): string => `software-token:${id}`;

/** A fresh seed, base32 (52 characters). */
export const newSeed = (): string => new (otpauth().Secret)({ size: 32 }).base32;

export const sealSeed = (vault: KeyVault, id: string, seed: string): string => vault.seal(seed, sealContext(id));
export const openSeed = (vault: KeyVault, id: string, sealed: string): string => vault.openString(sealed, sealContext(id));

/** The time step `code` belongs to at `now` (ms), within one step of drift; undefined when it matches none. */
export function matchingStep(seed: string, code: string, now: number): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const { Secret, TOTP } = otpauth();
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(seed), period: PERIOD_SECONDS, timestamp: now, window: WINDOW });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now }) + delta;
}

/** The code of `seed` at `now` (tests and the benchmark compute codes the way an app does). */
export const totpCode = (seed: string, now: number): string =>
  otpauth().TOTP.generate({ secret: otpauth().Secret.fromBase32(seed), period: PERIOD_SECONDS, timestamp: now });
