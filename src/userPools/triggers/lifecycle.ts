/**
 * The lifecycle triggers as the operations call them: PreSignUp, PostConfirmation,
 * PreAuthentication, PostAuthentication. Each builds its source's request and runs it by the one
 * invoke path; none may run inside a transaction.
 */
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import type { PreSignUpAnswer } from './sources.ts';
import type { TriggerOrigin } from './custom-message.ts';
import { eventAttributes, runTrigger } from './invoke.ts';

/** A request's `ValidationData` as trigger events carry it: a map, or null when none was sent. */
export function validationData(list: { Name?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> | null {
  if (!list) return null;
  return Object.fromEntries(list.filter((a) => a.Name !== undefined).map((a) => [a.Name!, a.Value ?? '']));
}

export interface SignUpRequest {
  username: string;
  /** The attributes the user is created with (no `sub`). */
  attributes: Record<string, string>;
  validationData: Record<string, string> | null;
}

/** PreSignUp_SignUp / PreSignUp_AdminCreateUser; undefined when the pool has no PreSignUp trigger. */
export function preSignUp(
  origin: TriggerOrigin, pool: PoolView, source: 'SignUp' | 'AdminCreateUser', request: SignUpRequest,
): Promise<PreSignUpAnswer | undefined> {
  return runTrigger(origin.ctx, pool, 'PreSignUp', {
    triggerSource: `PreSignUp_${source}`,
    userName: request.username,
    clientId: origin.clientId,
    request: { userAttributes: request.attributes, validationData: request.validationData, clientMetadata: origin.clientMetadata ?? {} },
  });
}

/** PostConfirmation_ConfirmSignUp / PostConfirmation_ConfirmForgotPassword, after the change has committed. */
export async function postConfirmation(
  origin: TriggerOrigin, pool: PoolView, source: 'ConfirmSignUp' | 'ConfirmForgotPassword', user: Pick<UserRow, 'username' | 'attributes' | 'status'>,
): Promise<void> {
  await runTrigger(origin.ctx, pool, 'PostConfirmation', {
    triggerSource: `PostConfirmation_${source}`,
    userName: user.username,
    clientId: origin.clientId,
    request: { userAttributes: eventAttributes(pool, user), clientMetadata: origin.clientMetadata ?? {} },
  });
}

/**
 * PreAuthentication_Authentication: before the credentials are looked at; throwing denies the
 * sign-in. An unknown user whose client hides existence comes as `userNotFound` with no attributes.
 */
export async function preAuthentication(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'username' | 'attributes' | 'status'> | { unknown: string },
): Promise<void> {
  const known = 'username' in user;
  await runTrigger(origin.ctx, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: known ? user.username : user.unknown,
    clientId: origin.clientId,
    request: {
      userAttributes: known ? eventAttributes(pool, user) : {},
      // Sign-in requests carry no ValidationData: Cognito hands the function the ClientMetadata.
      validationData: origin.clientMetadata ?? {},
      ...(known ? {} : { userNotFound: true }),
      clientMetadata: origin.clientMetadata ?? {},
    },
  });
}

/** PostAuthentication_Authentication: after the credentials (and every challenge) passed, before tokens. */
export async function postAuthentication(
  origin: TriggerOrigin, pool: PoolView, user: Pick<UserRow, 'username' | 'attributes' | 'status'>,
): Promise<void> {
  await runTrigger(origin.ctx, pool, 'PostAuthentication', {
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: origin.clientId,
    request: { userAttributes: eventAttributes(pool, user), newDeviceUsed: false, clientMetadata: origin.clientMetadata ?? {} },
  });
}

/** The provider types an InboundFederation event names (`request.providerType`). */
export type ExternalProviderType = 'OIDC' | 'SAML' | 'Facebook' | 'Google' | 'SignInWithApple' | 'LoginWithAmazon';

export interface InboundFederationInput {
  /** The user's name in the pool (`<provider>_<subject>`). */
  userName: string;
  providerName: string;
  providerType: ExternalProviderType;
  /**
   * What the provider sent, as strings: `tokenResponse`, `idToken` (decoded claims) and `userInfo`
   * for OIDC and social providers, `samlResponse` (the assertion's attributes) for SAML.
   */
  attributes: Partial<Record<'tokenResponse' | 'idToken' | 'userInfo' | 'samlResponse', Record<string, string>>>;
}

/**
 * InboundFederation_ExternalProvider (LambdaVersion V1_0), for the federation flow to call before
 * it maps a federated user's attributes: the function answers `userAttributesToMap`, the
 * attributes to keep (an empty map keeps them all unchanged). Undefined when the pool has none.
 */
export function inboundFederation(
  origin: TriggerOrigin, pool: PoolView, input: InboundFederationInput,
): Promise<Record<string, string> | undefined> {
  return runTrigger(origin.ctx, pool, 'InboundFederation', {
    triggerSource: 'InboundFederation_ExternalProvider',
    userName: input.userName,
    clientId: origin.clientId,
    request: { providerName: input.providerName, providerType: input.providerType, attributes: input.attributes },
  });
}
