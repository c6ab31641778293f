/**
 * A pool's configuration: how CreateUserPool input becomes the stored configuration (with
 * Cognito's defaults filled in, so DescribeUserPool reads as AWS's does), and typed views of
 * the parts other concerns use (schema, password policy, sign-in names, templates).
 */
import type {
  CreateUserPoolRequest, EmailMfaConfigType, LambdaConfigType, PasswordPolicyType, SchemaAttributeType, UserPoolMfaType, UserPoolType,
  WebAuthnConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { PoolRow } from './store.ts';
import { userPoolArn } from '../../kernel/ids.ts';

const str = (name: string, min = '0', max = '2048', required = false, mutable = true): SchemaAttributeType => ({
  Name: name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: mutable, Required: required,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});
const bool = (name: string): SchemaAttributeType => ({
  Name: name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
});

/** The standard attributes of a new pool, in the order AWS returns them. */
const STANDARD_SCHEMA: readonly SchemaAttributeType[] = [
  str('sub', '1', '2048', true, false),
  str('name'), str('given_name'), str('family_name'), str('middle_name'), str('nickname'), str('preferred_username'),
  str('profile'), str('picture'), str('website'), str('email'), bool('email_verified'), str('gender'),
  str('birthdate', '10', '10'), str('zoneinfo'), str('locale'), str('phone_number'), bool('phone_number_verified'),
  str('address'),
  { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
    NumberAttributeConstraints: { MinValue: '0' } },
];
export const STANDARD_NAMES = new Set(STANDARD_SCHEMA.map((a) => a.Name!));
export const MAX_CUSTOM_ATTRIBUTES = 50;

const DEFAULT_PASSWORD_POLICY: Required<Pick<PasswordPolicyType,
  'MinimumLength' | 'RequireUppercase' | 'RequireLowercase' | 'RequireNumbers' | 'RequireSymbols' | 'TemporaryPasswordValidityDays'>> = {
  MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

export const DEFAULT_VERIFICATION_MESSAGE = 'Your verification code is {####}. ';
export const DEFAULT_VERIFICATION_SUBJECT = 'Your verification code';
export const DEFAULT_INVITE_MESSAGE = 'Your username is {username} and temporary password is {####}. ';
export const DEFAULT_INVITE_SUBJECT = 'Your temporary password';
export const DEFAULT_MFA_MESSAGE = 'Your authentication code is {####}. ';

/** Which MFA factors the pool offers, as SetUserPoolMfaConfig last set them. */
export interface MfaFactors {
  sms: boolean;
  softwareToken: boolean;
  /** Present when email MFA is on. */
  email?: EmailMfaConfigType;
}

/**
 * The stored configuration: everything DescribeUserPool returns but the row's own columns, plus
 * what only GetUserPoolMfaConfig shows (kept here, and left out of DescribeUserPool).
 */
export type PoolConfig = Omit<UserPoolType, 'Id' | 'Name' | 'Arn' | 'CreationDate' | 'LastModifiedDate' | 'EstimatedNumberOfUsers' | 'Status'> & {
  /** Absent until SetUserPoolMfaConfig: then SMS MFA follows the pool's SmsConfiguration. */
  MfaFactors?: MfaFactors;
  WebAuthnConfiguration?: WebAuthnConfigurationType;
};

/**
 * Custom attribute names gain a `custom:` prefix as Cognito stores them, developer-only ones
 * `dev:custom:`. Cognito prefixes whatever it is given: a requested `custom:x` becomes
 * `custom:custom:x`. (Pools made by earlier versions may hold `dev:<name>` attributes: they keep
 * their stored names.)
 */
function customAttributeName(attribute: SchemaAttributeType): string {
  return `${attribute.DeveloperOnlyAttribute ? 'dev:custom' : 'custom'}:${attribute.Name ?? ''}`;
}

/** The longest a String attribute may be, and so its MinLength / MaxLength. */
const MAX_STRING_ATTRIBUTE_LENGTH = 2048;

const NON_NEGATIVE_INTEGER = /^[0-9]+$/;
const INTEGER = /^-?[0-9]+$/;

/**
 * Checks an attribute's constraints as Cognito does: lengths are non-negative integers of at
 * most 2048, values integers, and a minimum is not above its maximum. `name` is the stored name.
 */
function checkConstraints(name: string, type: string, attribute: SchemaAttributeType): void {
  if (type === 'String' && attribute.StringAttributeConstraints) {
    const { MinLength: min, MaxLength: max } = attribute.StringAttributeConstraints;
    if ([min, max].some((v) => v !== undefined && !NON_NEGATIVE_INTEGER.test(v))) {
      throw errors.invalidParameter(`Invalid StringAttributeConstraints for schema attribute ${name}`);
    }
    if ([min, max].some((v) => v !== undefined && Number(v) > MAX_STRING_ATTRIBUTE_LENGTH)) {
      throw errors.invalidParameter(`user.${name}: String attributes cannot have a length of more than ${MAX_STRING_ATTRIBUTE_LENGTH}`);
    }
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw errors.invalidParameter(`user.${name}: Max length cannot be less than min length.`);
    }
  }
  if (type === 'Number' && attribute.NumberAttributeConstraints) {
    const { MinValue: min, MaxValue: max } = attribute.NumberAttributeConstraints;
    if ([min, max].some((v) => v !== undefined && !INTEGER.test(v))) {
      throw errors.invalidParameter(`Invalid NumberAttributeConstraints for schema attribute ${name}`);
    }
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) {
      throw errors.invalidParameter(`user.${name}: Max value cannot be less than min value.`);
    }
  }
}

/** Fills a custom attribute's defaults as DescribeUserPool shows them, after checking it as Cognito does. */
export function normalizeCustomAttribute(attribute: SchemaAttributeType): SchemaAttributeType {
  const type = attribute.AttributeDataType;
  if (type === undefined) throw errors.invalidParameter('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  if (attribute.Required) {
    throw errors.invalidParameter(`Required custom attributes are not supported currently.`);
  }
  checkConstraints(customAttributeName(attribute), type, attribute);
  const out: SchemaAttributeType = {
    Name: customAttributeName(attribute),
    AttributeDataType: type,
    DeveloperOnlyAttribute: attribute.DeveloperOnlyAttribute ?? false,
    Mutable: attribute.Mutable ?? true,
    Required: false,
  };
  if (type === 'String') out.StringAttributeConstraints = attribute.StringAttributeConstraints ?? {};
  if (type === 'Number') out.NumberAttributeConstraints = attribute.NumberAttributeConstraints ?? {};
  return out;
}

/** Merges the request's Schema into the standard attributes: standard ones may change Required/Mutable/constraints. */
export function buildSchema(requested: SchemaAttributeType[] | undefined): SchemaAttributeType[] {
  const schema = STANDARD_SCHEMA.map((a) => structuredClone(a));
  const customs: SchemaAttributeType[] = [];
  const seen = new Set<string>();
  for (const attr of requested ?? []) {
    const name = attr.Name ?? '';
    const standard = schema.find((s) => s.Name === name);
    const stored = standard ? name : customAttributeName(attr);
    if (seen.has(stored)) throw errors.invalidParameter(`Duplicate attribute name ${name} in schema.`);
    seen.add(stored);
    if (standard) {
      if (name === 'sub') continue;
      if ((attr.AttributeDataType && attr.AttributeDataType !== standard.AttributeDataType) || attr.DeveloperOnlyAttribute) {
        throw errors.invalidParameter(`You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`);
      }
      if (attr.Required !== undefined) standard.Required = attr.Required;
      if (attr.Mutable !== undefined) standard.Mutable = attr.Mutable;
      // The constraints given are kept over the standard ones, and checked as merged.
      if (attr.StringAttributeConstraints && standard.StringAttributeConstraints) {
        standard.StringAttributeConstraints = { ...standard.StringAttributeConstraints, ...attr.StringAttributeConstraints };
      }
      if (attr.NumberAttributeConstraints && standard.NumberAttributeConstraints) {
        standard.NumberAttributeConstraints = { ...standard.NumberAttributeConstraints, ...attr.NumberAttributeConstraints };
      }
      checkConstraints(name, standard.AttributeDataType!, standard);
      continue;
    }
    customs.push(normalizeCustomAttribute(attr));
  }
  if (customs.length > MAX_CUSTOM_ATTRIBUTES) {
    throw errors.invalidParameter(`A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
  return [...schema, ...customs];
}

/** What UpdateUserPool may change: all but the schema, the sign-in names and case sensitivity. */
export type MutablePoolSettings = Omit<CreateUserPoolRequest,
  'PoolName' | 'Schema' | 'AliasAttributes' | 'UsernameAttributes' | 'UsernameConfiguration'>;

/** CreateUserPool input → stored configuration, with Cognito's defaults. */
export function buildPoolConfig(input: CreateUserPoolRequest): PoolConfig {
  if (input.AliasAttributes?.length && input.UsernameAttributes?.length) {
    throw errors.invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  return {
    ...buildMutableConfig(input),
    SchemaAttributes: buildSchema(input.Schema),
    ...(input.AliasAttributes?.length ? { AliasAttributes: input.AliasAttributes } : {}),
    ...(input.UsernameAttributes?.length ? { UsernameAttributes: input.UsernameAttributes } : {}),
    ...(input.UsernameConfiguration ? { UsernameConfiguration: input.UsernameConfiguration } : {}),
  };
}

/**
 * The mutable settings as Cognito stores them: each one given, or its default. UpdateUserPool
 * uses this too, which is why a setting left out of an update returns to its default.
 */
export function buildMutableConfig(input: MutablePoolSettings): PoolConfig {
  const required = input.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  if (required.some((a) => !(input.AutoVerifiedAttributes ?? []).includes(a))) {
    throw errors.invalidParameter('All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes');
  }
  const policy = input.Policies?.PasswordPolicy ?? {};
  const verification = input.VerificationMessageTemplate ?? {};
  const emailMessage = verification.EmailMessage ?? input.EmailVerificationMessage ?? DEFAULT_VERIFICATION_MESSAGE;
  const emailSubject = verification.EmailSubject ?? input.EmailVerificationSubject ?? DEFAULT_VERIFICATION_SUBJECT;
  const smsMessage = verification.SmsMessage ?? input.SmsVerificationMessage ?? DEFAULT_VERIFICATION_MESSAGE;
  const invite = input.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const config: PoolConfig = {
    Policies: {
      PasswordPolicy: {
        ...DEFAULT_PASSWORD_POLICY,
        ...policy,
        TemporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays || DEFAULT_PASSWORD_POLICY.TemporaryPasswordValidityDays,
      },
      SignInPolicy: input.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: input.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: buildLambdaConfig(input.LambdaConfig),
    AutoVerifiedAttributes: input.AutoVerifiedAttributes ?? [],
    SmsVerificationMessage: smsMessage,
    EmailVerificationMessage: emailMessage,
    EmailVerificationSubject: emailSubject,
    VerificationMessageTemplate: {
      SmsMessage: smsMessage,
      EmailMessage: emailMessage,
      EmailSubject: emailSubject,
      ...(verification.EmailMessageByLink ? { EmailMessageByLink: verification.EmailMessageByLink } : {}),
      ...(verification.EmailSubjectByLink ? { EmailSubjectByLink: verification.EmailSubjectByLink } : {}),
      DefaultEmailOption: verification.DefaultEmailOption ?? 'CONFIRM_WITH_CODE',
    },
    SmsAuthenticationMessage: input.SmsAuthenticationMessage ?? DEFAULT_MFA_MESSAGE,
    ...(input.UserAttributeUpdateSettings ? { UserAttributeUpdateSettings: input.UserAttributeUpdateSettings } : {}),
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
    ...(input.DeviceConfiguration ? { DeviceConfiguration: input.DeviceConfiguration } : {}),
    EmailConfiguration: input.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    ...(input.SmsConfiguration ? { SmsConfiguration: input.SmsConfiguration } : {}),
    UserPoolTags: input.UserPoolTags ?? {},
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: input.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false,
      UnusedAccountValidityDays: input.AdminCreateUserConfig?.UnusedAccountValidityDays ?? policy.TemporaryPasswordValidityDays ?? 7,
      InviteMessageTemplate: {
        SMSMessage: invite.SMSMessage ?? DEFAULT_INVITE_MESSAGE,
        EmailMessage: invite.EmailMessage ?? DEFAULT_INVITE_MESSAGE,
        EmailSubject: invite.EmailSubject ?? DEFAULT_INVITE_SUBJECT,
      },
    },
    ...(input.UserPoolAddOns ? { UserPoolAddOns: input.UserPoolAddOns } : {}),
    AccountRecoverySetting: input.AccountRecoverySetting ?? {
      RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }, { Name: 'verified_phone_number', Priority: 2 }],
    },
    UserPoolTier: input.UserPoolTier ?? 'ESSENTIALS',
    ...(input.DcrConfiguration ? { DcrConfiguration: input.DcrConfiguration } : {}),
    ...(input.KeyConfiguration ? { KeyConfiguration: input.KeyConfiguration } : {}),
    ...(input.IssuerConfiguration ? { IssuerConfiguration: input.IssuerConfiguration } : {}),
    ...(input.AcrConfiguration ? { AcrConfiguration: input.AcrConfiguration } : {}),
  };
  return config;
}

/**
 * The triggers as Cognito keeps them: the legacy `PreTokenGeneration` ARN and
 * `PreTokenGenerationConfig.LambdaArn` name one function, so setting either sets both (the
 * legacy field alone means version V1_0), and setting both to different ARNs is refused.
 */
export function buildLambdaConfig(input: LambdaConfigType | undefined): LambdaConfigType {
  const config: LambdaConfigType = { ...(input ?? {}) };
  const legacy = config.PreTokenGeneration;
  const versioned = config.PreTokenGenerationConfig;
  if (legacy !== undefined && versioned !== undefined && legacy !== versioned.LambdaArn) {
    throw errors.invalidParameter('PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same when both are set.');
  }
  if (versioned) config.PreTokenGeneration = versioned.LambdaArn;
  else if (legacy !== undefined) config.PreTokenGenerationConfig = { LambdaArn: legacy, LambdaVersion: 'V1_0' };
  return config;
}

/** DescribeUserPool's `UserPool` for a stored row. */
export function describePool(row: PoolRow, region: string, accountId: string): UserPoolType {
  const { MfaFactors: _factors, WebAuthnConfiguration: _webAuthn, ...described } = row.config;
  return {
    Id: row.id,
    Name: row.name,
    ...described,
    LastModifiedDate: new Date(row.updatedAt),
    CreationDate: new Date(row.createdAt),
    EstimatedNumberOfUsers: row.userCount,
    Arn: userPoolArn(region, accountId, row.id),
  };
}

/** Typed read access to the parts of a pool's configuration that other concerns use. */
export class PoolView {
  readonly config: PoolConfig;
  readonly #schema: Map<string, SchemaAttributeType>;

  constructor(readonly row: PoolRow) {
    this.config = row.config;
    this.#schema = new Map((this.config.SchemaAttributes ?? []).map((a) => [a.Name!, a]));
  }

  get id(): string { return this.row.id; }
  /** The part of the id after the underscore: SRP's "pool name". */
  get srpPoolName(): string { return this.row.id.slice(this.row.id.indexOf('_') + 1); }
  get caseSensitive(): boolean { return this.config.UsernameConfiguration?.CaseSensitive ?? true; }
  get usernameAttributes(): string[] { return this.config.UsernameAttributes ?? []; }
  get aliasAttributes(): string[] { return this.config.AliasAttributes ?? []; }
  get autoVerifiedAttributes(): string[] { return this.config.AutoVerifiedAttributes ?? []; }
  get passwordPolicy(): PasswordPolicyType { return this.config.Policies?.PasswordPolicy ?? DEFAULT_PASSWORD_POLICY; }
  get allowAdminCreateUserOnly(): boolean { return this.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false; }
  get temporaryPasswordValidityDays(): number {
    return this.passwordPolicy.TemporaryPasswordValidityDays || DEFAULT_PASSWORD_POLICY.TemporaryPasswordValidityDays;
  }
  get mfaConfiguration(): UserPoolMfaType { return this.config.MfaConfiguration ?? 'OFF'; }
  /** MFA factors on offer; none while MFA is OFF. */
  get mfaFactors(): MfaFactors {
    if (this.mfaConfiguration === 'OFF') return { sms: false, softwareToken: false };
    return this.config.MfaFactors ?? { sms: this.config.SmsConfiguration !== undefined, softwareToken: false };
  }
  get webAuthnConfiguration(): WebAuthnConfigurationType | undefined { return this.config.WebAuthnConfiguration; }
  /** The pool's Lambda triggers (LambdaConfig as stored: the two pre-token fields agree). */
  get lambdaConfig(): LambdaConfigType { return this.config.LambdaConfig ?? {}; }
  attribute(name: string): SchemaAttributeType | undefined { return this.#schema.get(name); }
  get requiredAttributes(): string[] {
    return [...this.#schema.values()].filter((a) => a.Required && a.Name !== 'sub').map((a) => a.Name!);
  }
  /**
   * Key under which a username is matched: case-folded when the pool is case-insensitive, and in
   * Unicode NFC so that NFC and NFD spellings are one name. The username itself is kept as typed.
   */
  usernameKey(username: string): string { return (this.caseSensitive ? username : username.toLowerCase()).normalize('NFC'); }
}
