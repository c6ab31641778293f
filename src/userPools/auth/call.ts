/**
 * Who a sign-in call acts for: the app client named by the request, its pool, and whether the
 * call came IAM-signed (AdminInitiateAuth / AdminRespondToAuthChallenge), which names the pool too.
 */
import type { AuthenticationResultType, ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import { ClientView, requireClient } from '../clients/client-view.ts';
import { requirePoolClient } from '../clients/load.ts';
import type { OperationContext, Services } from '../context.ts';
import { requirePoolConfig } from '../pools/load.ts';
import { warnMfaNotEnforced } from '../pools/mfa-enforcement.ts';
import type { PublicCall } from '../users/public-client.ts';

/** A sign-in call: the public call's client and pool (users/public-client.ts), or an admin's. */
export interface AuthCall extends PublicCall {
  services: Services;
  admin: boolean;
  /** The operation's context (who calls, request id, user agent): what the triggers' events carry. */
  context: OperationContext;
  /** The request's ClientMetadata, for the triggers Cognito passes it to. */
  clientMetadata?: Record<string, string> | undefined;
}

/** What every step of a sign-in answers: a challenge to meet, or the tokens. */
export interface AuthStep {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
}

export type ParameterMap = Record<string, string>;

export async function publicCall(ctx: OperationContext, clientId: string): Promise<AuthCall> {
  const { store } = ctx.services;
  const client = await requireClient(store, clientId);
  const pool = await requirePoolConfig(store, client.poolId, ctx.services.caches.poolViews);
  warnMfaNotEnforced(ctx.services, pool.id, pool.mfaConfiguration);
  return { services: ctx.services, pool, client, admin: false, context: ctx };
}

/** The admin operations name the pool: a client of another pool is not found. */
export async function adminCall(ctx: OperationContext, poolId: string, clientId: string): Promise<AuthCall> {
  const { store } = ctx.services;
  const client = new ClientView(await requirePoolClient(store, poolId, clientId));
  const pool = await requirePoolConfig(store, poolId, ctx.services.caches.poolViews);
  warnMfaNotEnforced(ctx.services, pool.id, pool.mfaConfiguration);
  return { services: ctx.services, pool, client, admin: true, context: ctx };
}

/** An AuthParameters / ChallengeResponses entry the step cannot do without. */
export function requireParameter(parameters: ParameterMap, name: string): string {
  const value = parameters[name];
  // JSON null counts as absent (identity-js sends `DEVICE_KEY: null`, for one).
  if (value === undefined || value === null || value === '') throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}
