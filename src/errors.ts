/**
 * Cognito's exceptions as typed values. Every failure the domain raises is one of these: a
 * kernel ServiceError (name, message, fault) with Cognito's name; each surface turns it into
 * its wire form (aws-json: `{"__type": name, "message": ...}`, 400, 429 or 500).
 * Names are exactly AWS's, so SDKs map them to their typed exception classes.
 */
import { ServiceError, type Fault } from './kernel/errors.ts';

export class CognitoError extends ServiceError {
  constructor(type: string, message: string, fault: Fault = 'client', extra?: Record<string, string>) {
    super(type, message, fault, extra);
  }
}

const clientError = (type: string) => (message: string) => new CognitoError(type, message);

/** Factories, one per exception name, so call sites read as `notAuthorized("...")`. */
export const errors = {
  aliasExists: clientError('AliasExistsException'),
  codeDeliveryFailure: clientError('CodeDeliveryFailureException'),
  codeMismatch: clientError('CodeMismatchException'),
  concurrentModification: clientError('ConcurrentModificationException'),
  developerUserAlreadyRegistered: clientError('DeveloperUserAlreadyRegisteredException'),
  externalService: clientError('ExternalServiceException'),
  invalidIdentityPoolConfiguration: clientError('InvalidIdentityPoolConfigurationException'),
  resourceConflict: clientError('ResourceConflictException'),
  deviceKeyExists: clientError('DeviceKeyExistsException'),
  duplicateProvider: clientError('DuplicateProviderException'),
  enableSoftwareTokenMfa: clientError('EnableSoftwareTokenMFAException'),
  expiredCode: clientError('ExpiredCodeException'),
  groupExists: clientError('GroupExistsException'),
  invalidLambdaResponse: clientError('InvalidLambdaResponseException'),
  invalidOAuthFlow: clientError('InvalidOAuthFlowException'),
  invalidParameter: clientError('InvalidParameterException'),
  invalidPassword: clientError('InvalidPasswordException'),
  invalidUserPoolConfiguration: clientError('InvalidUserPoolConfigurationException'),
  limitExceeded: clientError('LimitExceededException'),
  managedLoginBrandingExists: clientError('ManagedLoginBrandingExistsException'),
  mfaMethodNotFound: clientError('MFAMethodNotFoundException'),
  notAuthorized: clientError('NotAuthorizedException'),
  passwordHistoryPolicyViolation: clientError('PasswordHistoryPolicyViolationException'),
  passwordResetRequired: clientError('PasswordResetRequiredException'),
  preconditionNotMet: clientError('PreconditionNotMetException'),
  refreshTokenReuse: clientError('RefreshTokenReuseException'),
  resourceNotFound: clientError('ResourceNotFoundException'),
  scopeDoesNotExist: clientError('ScopeDoesNotExistException'),
  termsExists: clientError('TermsExistsException'),
  softwareTokenMfaNotFound: clientError('SoftwareTokenMFANotFoundException'),
  tooManyFailedAttempts: clientError('TooManyFailedAttemptsException'),
  tooManyRequests: clientError('TooManyRequestsException'),
  unauthorized: clientError('UnauthorizedException'),
  unexpectedLambda: clientError('UnexpectedLambdaException'),
  unsupportedIdentityProvider: clientError('UnsupportedIdentityProviderException'),
  unsupportedOperation: clientError('UnsupportedOperationException'),
  unsupportedTokenType: clientError('UnsupportedTokenTypeException'),
  unsupportedUserState: clientError('UnsupportedUserStateException'),
  userLambdaValidation: clientError('UserLambdaValidationException'),
  userNotConfirmed: clientError('UserNotConfirmedException'),
  userNotFound: clientError('UserNotFoundException'),
  usernameExists: clientError('UsernameExistsException'),
  userPoolTagging: clientError('UserPoolTaggingException'),
  webAuthnChallengeNotFound: clientError('WebAuthnChallengeNotFoundException'),
  webAuthnClientMismatch: clientError('WebAuthnClientMismatchException'),
  webAuthnConfigurationMissing: clientError('WebAuthnConfigurationMissingException'),
  webAuthnCredentialNotSupported: clientError('WebAuthnCredentialNotSupportedException'),
  webAuthnNotEnabled: clientError('WebAuthnNotEnabledException'),
  webAuthnOriginNotAllowed: clientError('WebAuthnOriginNotAllowedException'),
  webAuthnRelyingPartyMismatch: clientError('WebAuthnRelyingPartyMismatchException'),
  /** Protocol-level faults of the AWS JSON protocol itself (not Cognito model errors). */
  serialization: clientError('SerializationException'),
  unknownOperation: clientError('UnknownOperationException'),
  missingAuthenticationToken: clientError('MissingAuthenticationTokenException'),
  invalidSignature: clientError('InvalidSignatureException'),
  unrecognizedClient: clientError('UnrecognizedClientException'),
  incompleteSignature: clientError('IncompleteSignatureException'),
  internal: (message = 'Internal server error.') => new CognitoError('InternalErrorException', message, 'server'),
} as const;

/** Any service error (the kernel's, or a Cognito one): what the surfaces encode. */
export const isCognitoError = (e: unknown): e is ServiceError => e instanceof ServiceError;
export { ServiceError };
