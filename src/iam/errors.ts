/**
 * STS's and IAM's errors, named as the services name them in their Query `<Code>` (the SDKs map
 * them to their exception classes: `InvalidIdentityToken` → InvalidIdentityTokenException).
 * The aws-query surface gives each its HTTP status (`queryErrorStatus`).
 */
import { ServiceError } from '../kernel/errors.ts';

const clientError = (name: string) => (message: string) => new ServiceError(name, message);

export const stsErrors = {
  accessDenied: clientError('AccessDenied'),
  invalidIdentityToken: clientError('InvalidIdentityToken'),
  expiredToken: clientError('ExpiredTokenException'),
  idpRejectedClaim: clientError('IDPRejectedClaim'),
  idpCommunicationError: clientError('IDPCommunicationError'),
  malformedPolicyDocument: clientError('MalformedPolicyDocument'),
  packedPolicyTooLarge: clientError('PackedPolicyTooLarge'),
  validation: clientError('ValidationError'),
  invalidClientTokenId: clientError('InvalidClientTokenId'),
  signatureDoesNotMatch: clientError('SignatureDoesNotMatch'),
  missingAuthenticationToken: clientError('MissingAuthenticationToken'),
};

export const iamErrors = {
  noSuchEntity: clientError('NoSuchEntity'),
  entityAlreadyExists: clientError('EntityAlreadyExists'),
  deleteConflict: clientError('DeleteConflict'),
  malformedPolicyDocument: clientError('MalformedPolicyDocument'),
  validation: clientError('ValidationError'),
  invalidInput: clientError('InvalidInput'),
  limitExceeded: clientError('LimitExceeded'),
};

/** The HTTP status STS and IAM answer an error code with. */
export function queryErrorStatus(error: ServiceError): number {
  if (error.fault === 'server') return 500;
  switch (error.name) {
    case 'AccessDenied': case 'IDPRejectedClaim': case 'InvalidClientTokenId': case 'SignatureDoesNotMatch':
    case 'MissingAuthenticationToken': case 'RegionDisabledException': case 'ExpiredToken': return 403;
    case 'NoSuchEntity': return 404;
    case 'EntityAlreadyExists': case 'DeleteConflict': return 409;
    case 'Throttling': return 429;
    default: return 400;
  }
}
