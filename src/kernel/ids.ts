/** Identifiers in Cognito's formats. */
import { randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `us-east-1_AbC123xYz`: the region, an underscore and 9 alphanumerics. */
export const newUserPoolId = (region: string): string => `${region}_${randomString(ALNUM, 9)}`;
/** 26 lower-case alphanumerics, like `57cbishk4j24pabc1234567890`. */
export const newClientId = (): string => randomString(LOWER_ALNUM, 26);
/** 51 lower-case alphanumerics (AWS's secrets are ~51-52 chars of `[a-z0-9]`). */
export const newClientSecret = (): string => randomString(LOWER_ALNUM, 51);
export const newSub = (): string => randomUUID();
export const newRequestId = (): string => randomUUID();

export const userPoolArn = (region: string, accountId: string, poolId: string): string =>
  `arn:aws:cognito-idp:${region}:${accountId}:userpool/${poolId}`;
