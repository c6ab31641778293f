/** RespondToAuthChallenge / AdminRespondToAuthChallenge: the answer to each challenge we issue. */
import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../../errors.ts';
import type { AuthCall, AuthStep, ParameterMap } from '../call.ts';
import { answerDevicePasswordVerifier, answerDeviceSrpAuth } from './device.ts';
import { answerEmailOtp, answerMfaSetup, answerSelectMfaType, answerSmsMfa, answerSmsOtp, answerSoftwareTokenMfa } from './mfa.ts';
import { answerCustomChallenge } from './custom-challenge.ts';
import { answerNewPasswordRequired } from './new-password-required.ts';
import { answerPasswordVerifier } from './password-verifier.ts';
import { answerSelectChallenge, answerWebAuthn } from './user-auth.ts';

type Answer = (call: AuthCall, responses: ParameterMap, session: string | undefined) => Promise<AuthStep>;

const CHALLENGES: Partial<Record<ChallengeNameType, Answer>> = {
  PASSWORD_VERIFIER: answerPasswordVerifier,
  NEW_PASSWORD_REQUIRED: answerNewPasswordRequired,
  MFA_SETUP: answerMfaSetup,
  SELECT_MFA_TYPE: answerSelectMfaType,
  SMS_MFA: answerSmsMfa,
  EMAIL_OTP: answerEmailOtp,
  SOFTWARE_TOKEN_MFA: answerSoftwareTokenMfa,
  SELECT_CHALLENGE: answerSelectChallenge,
  SMS_OTP: answerSmsOtp,
  WEB_AUTHN: answerWebAuthn,
  CUSTOM_CHALLENGE: answerCustomChallenge,
  DEVICE_SRP_AUTH: answerDeviceSrpAuth,
  DEVICE_PASSWORD_VERIFIER: answerDevicePasswordVerifier,
};

export async function answerChallenge(
  call: AuthCall, name: ChallengeNameType, responses: ParameterMap, session: string | undefined,
): Promise<AuthStep> {
  const answer = CHALLENGES[name];
  // This server never issues any other challenge, so no session can be waiting for one.
  if (!answer) throw errors.notAuthorized('Invalid session for the user.');
  return answer(call, responses, session);
}
