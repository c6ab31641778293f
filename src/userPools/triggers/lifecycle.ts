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
