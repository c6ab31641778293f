/**
 * USER_AUTH's first factors: which a user may choose (the pool's SignInPolicy
 * AllowedFirstAuthFactors, limited to what the user has: a password, a verified email or phone
 * number, a passkey), and the challenges that start each passwordless one: EMAIL_OTP / SMS_OTP
 * (the MFA codes of mfa/codes.ts, sent as a first factor) and WEB_AUTHN (request options whose
 * challenge the sealed Session carries, so the session's single use spends it).
 */
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { Services } from '../context.ts';
import { codeDestination, composeMfaCode, writeMfaCode, type CodeFactor, type ComposedMfaCode } from '../mfa/codes.ts';
import { allowedFirstFactors, passkeyIsMfa, relyingPartyId, userVerificationOf, webAuthn } from '../passkeys/relying-party.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import { maskDestination } from '../messages/outbox.ts';
import { looksLikeEmail, looksLikePhone } from '../users/directory/attributes.ts';
import type { UnknownUser } from './unknown-users.ts';
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

const expand = (factors: readonly string[]): FirstFactor[] =>
  factors.flatMap((f): FirstFactor[] => (f === 'PASSWORD' ? ['PASSWORD', 'PASSWORD_SRP'] : isFirstFactor(f) ? [f] : []));

/**
 * The challenges a USER_AUTH sign-in may choose among (AvailableChallenges). An unknown name
 * (a client that hides users) is offered what a user could have: the password if the pool
 * allows it, and each passwordless factor the pool allows by a draw from the name's stable seed
 * (the AWS guide: a random selection of the available challenges), the same for every request
 * with that name, so that asking again tells nothing.
 */
export async function availableChallenges(repos: Repos, pool: PoolView, user: UserRow | undefined, unknown?: UnknownUser): Promise<FirstFactor[]> {
  if (!user) {
    const allowed = allowedFirstFactors(pool);
    const drawn = allowed.filter((f, i) => f === 'PASSWORD' || (unknown !== undefined && (unknown.seed[16 + i]! & 1) === 1));
    return expand(withoutMfaBypass(pool, undefined, drawn.length > 0 ? drawn : allowed.slice(0, 1)));
  }
  return expand(withoutMfaBypass(pool, user, await configuredFactors(repos, pool, user)));
}

/**
 * A pool that requires MFA offers no first factor that would stand in for it: a passwordless
 * sign-in ends without a second factor, so only the password remains on offer there, and the
 * passkey where it counts as MFA (`passkeyIsMfa`: the pool's FactorConfiguration
 * MULTI_FACTOR_WITH_USER_VERIFICATION with user verification required, and the user's
 * WebAuthnMfaSettings on; for an unknown name, the pool's setting alone, as a user could have it).
 */
function withoutMfaBypass<F extends string>(pool: PoolView, user: UserRow | undefined, factors: readonly F[]): F[] {
  if (pool.mfaConfiguration !== 'ON') return [...factors];
  const passkey = passkeyIsMfa(pool, user);
  return factors.filter((f) => f === 'PASSWORD' || (passkey && f === 'WEB_AUTHN'));
}

/**
 * The challenge an unknown name gets for a passwordless factor it was offered: a code "sent" to
 * a destination derived from the name (the name itself when it is an address or a number), or
 * request options for a credential id derived from it. Nothing is sent; the Session names the
 * stand-in, whom no answer matches (challenges/user-auth.ts, challenges/mfa.ts).
 */
export async function simulatedFirstFactor(call: AuthCall, factor: 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN', username: string, unknown: UnknownUser, now: number): Promise<AuthStep> {
  if (factor === 'WEB_AUTHN') {
    const rpID = relyingPartyId(call.pool, call.services);
    if (!rpID) throw errors.notAuthorized('Incorrect username or password.');
    const { generateAuthenticationOptions } = await webAuthn();
    const options = await generateAuthenticationOptions({
      rpID, allowCredentials: [{ id: unknown.seed.subarray(0, 16).toString('base64url'), transports: ['internal', 'hybrid'] }],
      userVerification: userVerificationOf(call.pool), timeout: WEB_AUTHN_TIMEOUT_MS,
    });
    return {
      ChallengeName: 'WEB_AUTHN',
      Session: issueSession(call, 'WEB_AUTHN', unknown.id, now, { webAuthnChallenge: options.challenge }),
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
    };
  }
  const seed = unknown.seed;
  const destination = factor === 'SMS_OTP'
    ? (looksLikePhone(username) ? username : `+1${[...seed.subarray(0, 10)].map((b) => String(b % 10)).join('')}`)
    : (looksLikeEmail(username) ? username : `${'abcdefghijklmnopqrstuvwxyz'[seed[10]! % 26]!}${seed.subarray(11, 15).toString('hex')}@gmail.com`);
  const channel = factor === 'SMS_OTP' ? 'SMS' : 'EMAIL';
  return {
    ChallengeName: factor,
    Session: issueSession(call, factor, unknown.id, now, { firstFactor: true }),
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: channel, CODE_DELIVERY_DESTINATION: maskDestination(channel, destination) },
  };
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
  const { generateAuthenticationOptions } = await webAuthn();
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
