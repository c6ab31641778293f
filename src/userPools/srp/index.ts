/** Cognito-compatible SRP-6a, server side. See srp.ts for the flow; math.ts for the group. */
export {
  SrpError,
  computeU,
  computeVerifier,
  computeX,
  derivePasswordAuthKey,
  fakeB,
  fakeSaltFor,
  fakeUserIdFor,
  fakeVerifier,
  generateSalt,
  isAcceptableVerifier,
  parseSrpA,
  passwordClaimSignature,
  startSrp,
  verifierMatchesPassword,
  verifyPasswordClaim,
} from './srp.ts';
export type { PasswordClaim, SrpErrorCode, SrpServerStart } from './srp.ts';
export {
  TIMESTAMP_FORMAT_MESSAGE,
  canonicalSrpTimestamp,
  formatSrpTimestamp,
  parseSrpTimestamp,
} from './timestamp.ts';
export {
  N,
  N_BYTES,
  bigIntFromBytes,
  bigIntFromHex,
  bigIntToBytes,
  g,
  hexHash,
  k,
  modPowN,
  padHex,
  sha256Hex,
  toSrpHex,
  usingOpenSsl,
} from './math.ts';
