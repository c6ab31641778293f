/**
 * The answers to the MFA challenges (issued by steps/mfa.ts): SMS_MFA, EMAIL_OTP and
 * SOFTWARE_TOKEN_MFA codes, SELECT_MFA_TYPE's choice, and MFA_SETUP's completion. Each checks
 * the session (this pool and client, this challenge, the user it names), counts the attempt
 * (mfa/attempts.ts) before comparing, and ends in the next-step pipeline after `mfa` with the
 * single-use things it spends (the session's nonce, the SMS or email code, the TOTP time step)
 * among the step's writes: of concurrent answers one commits, the others roll back.
 */
import { errors } from '../../../errors.ts';
import { clearMfaAttempts, reserveMfaAttempt } from '../../mfa/attempts.ts';
import { codeMismatch, composeMfaCode, matchMfaCode, spendMfaCode, writeMfaCode } from '../../mfa/codes.ts';
import { decideMfa, isMfaFactor, type MfaFactor } from '../../mfa/factors.ts';
import { applySetting } from '../../mfa/preferences.ts';
import { matchingStep, openSeed } from '../../mfa/totp.ts';
import { changeUser } from '../../users/directory/save.ts';
import { sessionUser } from './session-user.ts';
import { requireParameter, type AuthCall, type AuthStep, type ParameterMap } from '../call.ts';
import { nextStep } from '../next-step.ts';
import { isHiddenStandIn, issueSession, openSession, spendOnce } from '../session.ts';


const alreadyUsed = () => errors.expiredCode('Your software token has already been used once.');

/** SMS_MFA / EMAIL_OTP: the code sent at the challenge. */
function answerCode(factor: 'SMS_MFA' | 'EMAIL_OTP', parameter: string, challenge: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP' = factor) {
  return async (call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> => {
    const { store, clock } = call.services;
    const now = clock.now();
    const session = openSession(call, sealed, challenge, now);
    // USER_AUTH's simulated code for a name the client hides: every code is a wrong one.
    if (session.firstFactor && (await isHiddenStandIn(call, session))) {
      requireParameter(responses, parameter);
      throw codeMismatch();
    }
    const user = await sessionUser(call, session, responses);
    const code = requireParameter(responses, parameter);
    await reserveMfaAttempt(store, user.id, now);
    const matched = await matchMfaCode(store, call.services, user.id, code);
    // USER_AUTH's code (firstFactor) is the first factor: the pipeline runs from its start, without MFA.
    const firstFactor = session.firstFactor === true;
    return nextStep(call, {
      user, now, after: firstFactor ? undefined : 'mfa', passwordless: firstFactor, deviceKey: session.deviceKey,
      writes: async (tx) => {
        await spendOnce(tx, session.nonce, session.expiresAt);
        await spendMfaCode(tx, matched);
        await clearMfaAttempts(tx, user.id);
        // MFA set-up by email: the address the code reached becomes the user's, verified, and their factor.
        const email = session.email;
        if (factor !== 'EMAIL_OTP' || email === undefined) return undefined;
        return changeUser(tx, call.pool, user.id, (current) => ({
          ...current,
          attributes: { ...current.attributes, email, email_verified: 'true' },
          state: applySetting(current.state, 'EMAIL_OTP', { enabled: true }),
          updatedAt: now,
        }));
      },
    });
  };
}

export const answerSmsMfa = answerCode('SMS_MFA', 'SMS_MFA_CODE');
export const answerEmailOtp = answerCode('EMAIL_OTP', 'EMAIL_OTP_CODE');
/** USER_AUTH's SMS_OTP: the code of SMS_MFA, sent as a first factor. */
export const answerSmsOtp = answerCode('SMS_MFA', 'SMS_OTP_CODE', 'SMS_OTP');

/** SOFTWARE_TOKEN_MFA: a TOTP code of the user's verified token, its time step spent once. */
export async function answerSoftwareTokenMfa(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock, vault } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'SOFTWARE_TOKEN_MFA', now);
  const user = await sessionUser(call, session, responses);
  const code = requireParameter(responses, 'SOFTWARE_TOKEN_MFA_CODE');
  await reserveMfaAttempt(store, user.id, now);
  const token = await store.softwareTokens.verifiedOf(user.id);
  const step = token ? matchingStep(openSeed(vault, token.id, token.secretEnc), code, now) : undefined;
  if (!token || step === undefined) throw codeMismatch();
  return nextStep(call, {
    user, now, after: 'mfa', deviceKey: session.deviceKey,
    writes: async (tx) => {
      await spendOnce(tx, session.nonce, session.expiresAt);
      if (!(await tx.softwareTokens.claimStep(token.id, step))) throw alreadyUsed();
      await clearMfaAttempts(tx, user.id);
    },
  });
}

/** SELECT_MFA_TYPE: ANSWER, one of MFAS_CAN_CHOOSE; its challenge follows. */
export async function answerSelectMfaType(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'SELECT_MFA_TYPE', now);
  const user = await sessionUser(call, session, responses);
  const answer = requireParameter(responses, 'ANSWER');
  const decision = decideMfa(call.pool, user, (await store.softwareTokens.verifiedOf(user.id)) !== undefined);
  const choices: MfaFactor[] = decision.kind === 'select' ? decision.choices : decision.kind === 'challenge' ? [decision.factor] : [];
  if (!isMfaFactor(answer) || !choices.includes(answer)) throw errors.invalidParameter(`Invalid value for ANSWER: ${answer} is not one of MFAS_CAN_CHOOSE.`);
  return nextStep(call, {
    user, now, after: 'mfaSetup', mfaChoice: answer, deviceKey: session.deviceKey,
    writes: (tx) => spendOnce(tx, session.nonce, session.expiresAt),
  });
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+$/;

/**
 * MFA_SETUP: after VerifySoftwareToken with the set-up's Session (whose answer carries the
 * proof of the new token), the sign-in goes on; with EMAIL (a pool offering EMAIL_OTP), a code
 * goes to that address and EMAIL_OTP follows, whose right answer makes the address the user's.
 */
export async function answerMfaSetup(call: AuthCall, responses: ParameterMap, sealed: string | undefined): Promise<AuthStep> {
  const { store, clock } = call.services;
  const now = clock.now();
  const session = openSession(call, sealed, 'MFA_SETUP', now);
  const user = await sessionUser(call, session, responses);
  if (session.stage === 'verified') {
    return nextStep(call, {
      user, now, after: 'mfa', deviceKey: session.deviceKey,
      writes: (tx) => spendOnce(tx, session.nonce, session.expiresAt),
    });
  }
  const email = responses.EMAIL;
  if (typeof email !== 'string' || email === '' || session.stage !== undefined) {
    throw errors.softwareTokenMfaNotFound('Software token MFA has not been verified for the user.');
  }
  if (!call.pool.mfaFactors.email) throw errors.invalidParameter('Email MFA is not enabled for this user pool.');
  if (!EMAIL_SHAPE.test(email)) throw errors.invalidParameter('Invalid email address format.');
  // The code's message is composed (CustomMessage may run) before the transaction that spends the Session and writes it.
  const composed = await composeMfaCode(call.origin, call.pool, user, 'EMAIL_OTP', email);
  const ChallengeParameters = await store.transaction(async (tx) => {
    await spendOnce(tx, session.nonce, session.expiresAt);
    return writeMfaCode(tx, call.services, call.pool, user, composed);
  });
  call.services.notifyOutbox();
  return {
    ChallengeName: 'EMAIL_OTP', Session: issueSession(call, 'EMAIL_OTP', user.id, now, { deviceKey: session.deviceKey, email }), ChallengeParameters,
  };
}
