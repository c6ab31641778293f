/**
 * Cognito's exceptions as typed values. Every failure the domain raises is one of these;
 * the HTTP layer turns it into `{"__type": name, "message": ...}` with the status below.
 * Names are exactly AWS's, so SDKs map them to their typed exception classes.
 */
export class CognitoError extends Error {
  /** Cognito's exception name, sent as `__type` and `x-amzn-ErrorType`. */
  readonly type: string;
  /** HTTP status on the wire: 400 for every client fault, 500 for server faults. */
  readonly status: number;
  /** Extra members of the error body (e.g. `reasonCode` of InvalidParameterException). */
  readonly extra: Record<string, string> | undefined;

  constructor(type: string, message: string, status = 400, extra?: Record<string, string>) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
    this.extra = extra;
  }
}

const clientError = (type: string) => (message: string) => new CognitoError(type, message);

/** Factories, one per exception name, so call sites read as `notAuthorized("...")`. */
export const errors = {
  aliasExists: clientError('AliasExistsException'),
  codeDeliveryFailure: clientError('CodeDeliveryFailureException'),
  codeMismatch: clientError('CodeMismatchException'),
  concurrentModification: clientError('ConcurrentModificationException'),
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
  mfaMethodNotFound: clientError('MFAMethodNotFoundException'),
  notAuthorized: clientError('NotAuthorizedException'),
  passwordHistoryPolicyViolation: clientError('PasswordHistoryPolicyViolationException'),
  passwordResetRequired: clientError('PasswordResetRequiredException'),
  preconditionNotMet: clientError('PreconditionNotMetException'),
  refreshTokenReuse: clientError('RefreshTokenReuseException'),
  resourceNotFound: clientError('ResourceNotFoundException'),
  scopeDoesNotExist: clientError('ScopeDoesNotExistException'),
  softwareTokenMfaNotFound: clientError('SoftwareTokenMFANotFoundException'),
  tooManyFailedAttempts: clientError('TooManyFailedAttemptsException'),
  tooManyRequests: (message: string) => new CognitoError('TooManyRequestsException', message, 429),
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
  /** Protocol-level faults of the AWS JSON protocol itself (not Cognito model errors). */
  serialization: clientError('SerializationException'),
  unknownOperation: clientError('UnknownOperationException'),
  missingAuthenticationToken: clientError('MissingAuthenticationTokenException'),
  invalidSignature: clientError('InvalidSignatureException'),
  unrecognizedClient: clientError('UnrecognizedClientException'),
  incompleteSignature: clientError('IncompleteSignatureException'),
  internal: (message = 'Internal server error.') => new CognitoError('InternalErrorException', message, 500),
} as const;

export const isCognitoError = (e: unknown): e is CognitoError => e instanceof CognitoError;
