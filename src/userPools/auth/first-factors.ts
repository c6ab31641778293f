/**
 * USER_AUTH's first factors: which a user may choose (the pool's SignInPolicy
 * AllowedFirstAuthFactors, limited to what the user has: a password, a verified email or phone
 * number, a passkey), and the challenges that start each passwordless one: EMAIL_OTP / SMS_OTP
 * (the MFA codes of mfa/codes.ts, sent as a first factor) and WEB_AUTHN (request options whose
 * challenge the sealed Session carries, so the session's single use spends it).
 */
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import { codeDestination, composeMfaCode, writeMfaCode, type CodeFactor, type ComposedMfaCode } from '../mfa/codes.ts';
import { allowedFirstFactors, relyingPartyId, userVerificationOf } from '../passkeys/relying-party.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import type { AuthCall, AuthStep } from './call.ts';
import { issueSession } from './session.ts';

export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
export const isFirstFactor = (v: string): v is FirstFactor =>
  v === 'PASSWORD' || v === 'PASSWORD_SRP' || v === 'EMAIL_OTP' || v === 'SMS_OTP' || v === 'WEB_AUTHN';

/** How long a passkey's request options stay answerable (their `timeout`). */
const WEB_AUTHN_TIMEOUT_MS = 3 * 60_000;

/** The auth factors the user has configured that the pool allows (GetUserAuthFactors' ConfiguredUserAuthFactors). */
export async function configuredFactors(repos: Repos, pool: PoolView, user: UserRow): Promise<('PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN')[]> {
  const allowed = allowedFirstFactors(pool);
  const has = {
    PASSWORD: user.credentialsEnc !== null,
    EMAIL_OTP: Boolean(user.attributes.email) && user.attributes.email_verified === 'true',
    SMS_OTP: Boolean(user.attributes.phone_number) && user.attributes.phone_number_verified === 'true',
    WEB_AUTHN: allowed.includes('WEB_AUTHN') && (await repos.webAuthnCredentials.allOf(user.id)).length > 0,
  };
  return (['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const).filter((f) => allowed.includes(f) && has[f]);
}

/** The challenges a USER_AUTH sign-in may choose among (AvailableChallenges). */
export async function availableChallenges(repos: Repos, pool: PoolView, user: UserRow | undefined): Promise<FirstFactor[]> {
  if (!user) return allowedFirstFactors(pool).includes('PASSWORD') ? ['PASSWORD', 'PASSWORD_SRP'] : [];
  const factors = await configuredFactors(repos, pool, user);
  return factors.flatMap((f): FirstFactor[] => (f === 'PASSWORD' ? ['PASSWORD', 'PASSWORD_SRP'] : [f]));
}

/** The factor whose code EMAIL_OTP / SMS_OTP sends, and where. */
export const otpFactor = (kind: 'EMAIL_OTP' | 'SMS_OTP'): CodeFactor => (kind === 'EMAIL_OTP' ? 'EMAIL_OTP' : 'SMS_MFA');

/** The code of EMAIL_OTP or SMS_OTP and its message (CustomMessage_Authentication may run): before the transaction. */
export const composeOtp = (call: AuthCall, user: UserRow, kind: 'EMAIL_OTP' | 'SMS_OTP'): Promise<ComposedMfaCode> =>
  composeMfaCode(call.origin, call.pool, user, otpFactor(kind), codeDestination(user, otpFactor(kind))!);

/**
 * Issues EMAIL_OTP or SMS_OTP as a first factor: the composed code written in `tx` (with the
 * writes of the step that led here), its challenge marked `firstFactor` so that its answer skips MFA.
 */
export async function otpChallenge(
  tx: Repos, call: AuthCall, user: UserRow, kind: 'EMAIL_OTP' | 'SMS_OTP', now: number, deviceKey: string | undefined, composed: ComposedMfaCode,
): Promise<AuthStep> {
  const ChallengeParameters = await writeMfaCode(tx, call.services, call.pool, user, composed);
  return { ChallengeName: kind, Session: issueSession(call, kind, user.id, now, { deviceKey, firstFactor: true }), ChallengeParameters };
}

/** WEB_AUTHN: request options for the user's passkeys (CREDENTIAL_REQUEST_OPTIONS, a JSON string). */
export async function webAuthnChallenge(
  repos: Repos, services: Services, call: AuthCall, user: UserRow, now: number, deviceKey: string | undefined,
): Promise<AuthStep> {
  const credentials = await repos.webAuthnCredentials.allOf(user.id);
  const rpID = relyingPartyId(call.pool, services);
  // InitiateAuth declares no WebAuthn exceptions: without a relying party there is no passkey sign-in.
  if (!rpID) throw errors.notAuthorized('Incorrect username or password.');
  const options = await generateAuthenticationOptions({
    rpID,
    allowCredentials: credentials.map((c) => ({ id: c.credentialId, transports: c.transports })),
    userVerification: userVerificationOf(call.pool),
    timeout: WEB_AUTHN_TIMEOUT_MS,
  });
  return {
    ChallengeName: 'WEB_AUTHN',
    Session: issueSession(call, 'WEB_AUTHN', user.id, now, { deviceKey, webAuthnChallenge: options.challenge }),
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
  };
}
