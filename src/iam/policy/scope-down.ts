/**
 * Cognito's scope-down policy for guests: in the enhanced flow, an unauthenticated identity's
 * credentials are bounded by the AWS managed policy `AmazonCognitoUnAuthedIdentitiesSessionPolicy`
 * (version 3, as AWS's managed policy reference lists it), whatever the unauthenticated role
 * allows. Alcove applies the same list of actions, as a boundary beside any session policy.
 */
import { parsePolicy, type PolicyDocument } from './document.ts';

export const GUEST_SCOPE_DOWN_ACTIONS: readonly string[] = [
  'rum:PutRumEvents', 'sagemaker:InvokeEndpoint', 'polly:*', 'comprehend:*', 'translate:*', 'transcribe:*',
  'rekognition:*', 'mobiletargeting:*', 'firehose:*', 'personalize:*', 'geo:GetMap*', 'geo:SearchPlaceIndex*',
  'geo:GetPlace', 'geo:CalculateRoute*', 'geo:*Geofence', 'geo:*Geofences', 'geo:*DevicePosition*',
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptTo', 'kms:ReEncryptFrom', 'kms:GenerateDataKey',
  'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext',
];

/** The scope-down policy's text (stored with a guest's credentials). */
export const GUEST_SCOPE_DOWN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'CognitoUnAuthedIdentitiesSessionPolicy', Effect: 'Allow', Action: GUEST_SCOPE_DOWN_ACTIONS, Resource: '*' }],
});

export const guestScopeDown: PolicyDocument = parsePolicy(GUEST_SCOPE_DOWN_POLICY);
