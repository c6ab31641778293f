/**
 * The trigger table: for each LambdaConfig source, where its function's ARN is configured, the
 * event version, `response` as Cognito pre-fills it, and how the function's `response` is read
 * (Cognito's checks of each field; anything else is InvalidLambdaResponseException). One invoke
 * path (invoke.ts) runs them all.
 */
import type { LambdaConfigType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';

type Json = Record<string, unknown>;

export interface TriggerSpec<R> {
  /** The function's ARN, when the pool has this trigger. */
  arn(config: LambdaConfigType): string | undefined;
  /** The event's `version`. */
  version(config: LambdaConfigType): string;
  /** `response` as Cognito pre-fills it. */
  initial(): Json;
  /** Reads the function's `response` (an object); throws Cognito's InvalidLambdaResponseException. */
  read(response: Json, config: LambdaConfigType): R;
}

export const unrecognizable = () => errors.invalidLambdaResponse('Unrecognizable lambda output');

const optionalBoolean = (value: unknown): boolean => {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw unrecognizable();
  return value;
};
const optionalString = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw unrecognizable();
  return value;
};
const optionalStrings = (value: unknown): string[] | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw unrecognizable();
  return value as string[];
};
const optionalStringMap = (value: unknown): Record<string, string> | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw unrecognizable();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw unrecognizable();
    out[k] = String(v);
  }
  return out;
};
const optionalObject = (value: unknown): Json | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw unrecognizable();
  return value as Json;
};

const plain = (key: keyof LambdaConfigType) => (config: LambdaConfigType): string | undefined => {
  const value = config[key];
  return typeof value === 'string' ? value : undefined;
};
const v1 = (): string => '1';
const nothing = (): Json => ({});
const ignore = (): void => {};

export interface PreSignUpAnswer { autoConfirmUser: boolean; autoVerifyEmail: boolean; autoVerifyPhone: boolean }
export interface DefineAuthChallengeAnswer { challengeName?: string | undefined; issueTokens: boolean; failAuthentication: boolean }
export interface CreateAuthChallengeAnswer {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata?: string | undefined;
}
export interface UserMigrationAnswer {
  userAttributes: Record<string, string>;
  finalUserStatus?: string | undefined;
  messageAction?: string | undefined;
  desiredDeliveryMediums?: string[] | undefined;
  forceAliasCreation: boolean;
  enableSMSMFA: boolean;
}
export interface CustomMessageAnswer { smsMessage?: string | undefined; emailMessage?: string | undefined; emailSubject?: string | undefined }
/** A pre token generation answer, V1's `claimsOverrideDetails` or V2/V3's `claimsAndScopeOverrideDetails` (read by tokens/customise.ts). */
export interface PreTokenGenerationAnswer { version: 'V1_0' | 'V2_0' | 'V3_0'; details?: Json | undefined }

export type PreTokenVersion = PreTokenGenerationAnswer['version'];
export const preTokenVersion = (config: LambdaConfigType): PreTokenVersion =>
  (config.PreTokenGenerationConfig?.LambdaVersion as PreTokenVersion | undefined) ?? 'V1_0';

export const TRIGGERS = {
  PreSignUp: {
    arn: plain('PreSignUp'), version: v1,
    initial: () => ({ autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false }),
    read: (r): PreSignUpAnswer => ({
      autoConfirmUser: optionalBoolean(r['autoConfirmUser']),
      autoVerifyEmail: optionalBoolean(r['autoVerifyEmail']),
      autoVerifyPhone: optionalBoolean(r['autoVerifyPhone']),
    }),
  } satisfies TriggerSpec<PreSignUpAnswer>,
  PostConfirmation: { arn: plain('PostConfirmation'), version: v1, initial: nothing, read: ignore } satisfies TriggerSpec<void>,
  PreAuthentication: { arn: plain('PreAuthentication'), version: v1, initial: nothing, read: ignore } satisfies TriggerSpec<void>,
  PostAuthentication: { arn: plain('PostAuthentication'), version: v1, initial: nothing, read: ignore } satisfies TriggerSpec<void>,
  DefineAuthChallenge: {
    arn: plain('DefineAuthChallenge'), version: v1,
    initial: () => ({ challengeName: null, issueTokens: null, failAuthentication: null }),
    read: (r): DefineAuthChallengeAnswer => ({
      challengeName: optionalString(r['challengeName']),
      issueTokens: optionalBoolean(r['issueTokens']),
      failAuthentication: optionalBoolean(r['failAuthentication']),
    }),
  } satisfies TriggerSpec<DefineAuthChallengeAnswer>,
  CreateAuthChallenge: {
    arn: plain('CreateAuthChallenge'), version: v1,
    initial: () => ({ publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null }),
    read: (r): CreateAuthChallengeAnswer => ({
      publicChallengeParameters: optionalStringMap(r['publicChallengeParameters']) ?? {},
      privateChallengeParameters: optionalStringMap(r['privateChallengeParameters']) ?? {},
      challengeMetadata: optionalString(r['challengeMetadata']),
    }),
  } satisfies TriggerSpec<CreateAuthChallengeAnswer>,
  VerifyAuthChallengeResponse: {
    arn: plain('VerifyAuthChallengeResponse'), version: v1,
    initial: () => ({ answerCorrect: null }),
    read: (r): boolean => optionalBoolean(r['answerCorrect']),
  } satisfies TriggerSpec<boolean>,
  PreTokenGeneration: {
    arn: (config) => config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration,
    version: (config) => ({ V1_0: '1', V2_0: '2', V3_0: '3' } as const)[preTokenVersion(config)],
    initial: () => ({}),
    read: (r, config): PreTokenGenerationAnswer => {
      const version = preTokenVersion(config);
      const details = optionalObject(version === 'V1_0' ? r['claimsOverrideDetails'] : r['claimsAndScopeOverrideDetails']);
      return { version, details };
    },
  } satisfies TriggerSpec<PreTokenGenerationAnswer>,
  UserMigration: {
    arn: plain('UserMigration'), version: v1,
    initial: () => ({
      userAttributes: null, forceAliasCreation: null, enableSMSMFA: null, finalUserStatus: null, messageAction: null,
      desiredDeliveryMediums: null,
    }),
    read: (r): UserMigrationAnswer => {
      const userAttributes = optionalStringMap(r['userAttributes']);
      if (!userAttributes) throw unrecognizable();
      return {
        userAttributes,
        finalUserStatus: optionalString(r['finalUserStatus']),
        messageAction: optionalString(r['messageAction']),
        desiredDeliveryMediums: optionalStrings(r['desiredDeliveryMediums']),
        forceAliasCreation: optionalBoolean(r['forceAliasCreation']),
        enableSMSMFA: optionalBoolean(r['enableSMSMFA']),
      };
    },
  } satisfies TriggerSpec<UserMigrationAnswer>,
  CustomMessage: {
    arn: plain('CustomMessage'), version: v1,
    initial: () => ({ smsMessage: null, emailMessage: null, emailSubject: null }),
    read: (r): CustomMessageAnswer => ({
      smsMessage: optionalString(r['smsMessage']),
      emailMessage: optionalString(r['emailMessage']),
      emailSubject: optionalString(r['emailSubject']),
    }),
  } satisfies TriggerSpec<CustomMessageAnswer>,
  /** Invoked instead of sending: Cognito reads no answer. */
  CustomSMSSender: {
    arn: (config) => config.CustomSMSSender?.LambdaArn, version: v1, initial: nothing, read: ignore,
  } satisfies TriggerSpec<void>,
  CustomEmailSender: {
    arn: (config) => config.CustomEmailSender?.LambdaArn, version: v1, initial: nothing, read: ignore,
  } satisfies TriggerSpec<void>,
  InboundFederation: {
    arn: (config) => config.InboundFederation?.LambdaArn, version: v1,
    initial: () => ({ userAttributesToMap: {} }),
    read: (r): Record<string, string> => optionalStringMap(r['userAttributesToMap']) ?? {},
  } satisfies TriggerSpec<Record<string, string>>,
} as const;

export type TriggerName = keyof typeof TRIGGERS;
export type AnswerOf<N extends TriggerName> = ReturnType<(typeof TRIGGERS)[N]['read']>;
