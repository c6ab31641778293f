/**
 * The one path every trigger is run by: builds Cognito's event around a source's request, calls
 * the kernel's InvokeTrigger port, and maps the outcome to what Cognito answers the caller
 * (UserLambdaValidationException when the function fails, UnexpectedLambdaException when it
 * cannot be reached or times out, InvalidLambdaResponseException for an answer it cannot read).
 * Never call it inside a store transaction: a trigger may take seconds.
 */
import type { OperationContext } from '../context.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { UserRow } from '../users/store.ts';
import { errors } from '../../errors.ts';
import { TRIGGERS, unrecognizable, type AnswerOf, type TriggerName } from './sources.ts';

/** What Cognito sends as `callerContext.clientId` when no app client is involved (AdminCreateUser without one). */
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

export interface TriggerCall {
  /** `PreSignUp_SignUp`, `TokenGeneration_RefreshTokens`, ... */
  triggerSource: string;
  /** The user's name (absent in a few events). */
  userName?: string | undefined;
  clientId?: string | undefined;
  /** The event's `request`: userAttributes and the source's own members. */
  request: Record<string, unknown>;
}

/** The trigger's ARN when the pool has it. */
export const triggerArn = (pool: PoolView, name: TriggerName): string | undefined => TRIGGERS[name].arn(pool.lambdaConfig);

/** `callerContext.awsSdkVersion` from the caller's user agent, as Cognito derives it. */
export function awsSdkVersion(userAgent: string): string {
  const sdk = /aws-sdk-([a-z0-9]+)\/([0-9][\w.-]*)/i.exec(userAgent) ?? /aws-amplify\/([0-9][\w.-]*)/i.exec(userAgent);
  if (!sdk) return 'aws-sdk-unknown-unknown';
  return sdk.length === 3 ? `aws-sdk-${sdk[1]!.toLowerCase()}-${sdk[2]}` : `aws-amplify-${sdk[1]}`;
}

/**
 * Runs the pool's `name` trigger, if it has one, and returns what its `response` says (undefined
 * when the pool has none). Throws Cognito's exceptions for a failing function.
 */
export async function runTrigger<N extends TriggerName>(
  ctx: OperationContext, pool: PoolView, name: N, call: TriggerCall,
): Promise<AnswerOf<N> | undefined> {
  const spec = TRIGGERS[name];
  const config = pool.lambdaConfig;
  const arn = spec.arn(config);
  if (arn === undefined) return undefined;
  const { settings, invokeTrigger, log } = ctx.services;
  const event = {
    version: spec.version(config),
    triggerSource: call.triggerSource,
    region: settings.region,
    userPoolId: pool.id,
    ...(call.userName !== undefined ? { userName: call.userName } : {}),
    callerContext: { awsSdkVersion: awsSdkVersion(ctx.userAgent), clientId: call.clientId ?? NO_CLIENT },
    request: call.request,
    response: spec.initial(),
  };
  const outcome = await invokeTrigger(arn, event);
  switch (outcome.kind) {
    case 'function-error':
      throw errors.userLambdaValidation(`${name} failed with error ${outcome.message}.`);
    case 'timeout':
      log.warn({ trigger: name, arn, requestId: ctx.requestId }, 'a trigger did not answer in time');
      throw errors.unexpectedLambda(`${name} invocation failed due to error Socket timeout while invoking Lambda function.`);
    case 'unreachable':
      throw errors.unexpectedLambda(`${name} invocation failed due to error ${outcome.error}.`);
    case 'unparseable':
      throw unrecognizable();
    case 'answer': {
      const payload = outcome.payload;
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw unrecognizable();
      const response = (payload as Record<string, unknown>)['response'] ?? {};
      if (response === null || typeof response !== 'object' || Array.isArray(response)) throw unrecognizable();
      return (spec.read as (r: Record<string, unknown>, c: typeof config) => AnswerOf<N>)(response as Record<string, unknown>, config);
    }
  }
}

/**
 * A user's attributes as trigger events carry them: every attribute as a string, plus
 * `cognito:user_status` and, for attributes that are sign-in aliases, `cognito:email_alias` /
 * `cognito:phone_number_alias`.
 */
export function eventAttributes(pool: PoolView, user: Pick<UserRow, 'attributes' | 'status'>): Record<string, string> {
  const out: Record<string, string> = { ...user.attributes, 'cognito:user_status': user.status };
  for (const kind of ['email', 'phone_number'] as const) {
    const value = user.attributes[kind];
    const verified = user.attributes[`${kind}_verified`] === 'true';
    if (value !== undefined && verified && (pool.aliasAttributes.includes(kind) || pool.usernameAttributes.includes(kind))) {
      out[`cognito:${kind}_alias`] = value;
    }
  }
  return out;
}
