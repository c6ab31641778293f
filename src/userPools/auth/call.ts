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
import type { Repos } from '../../storage/store.ts';
import type { PublicCall } from '../users/public-client.ts';
import type { UserRow } from '../users/store.ts';
import type { TriggerOrigin } from '../triggers/custom-message.ts';

/** A sign-in call: the public call's client and pool (users/public-client.ts), or an admin's. */
export interface AuthCall extends PublicCall {
  services: Services;
  admin: boolean;
  /**
   * Managed login (oauth/hosted-login.ts): a sign-in that succeeds ends in a managed-login
   * session, written in the step's transaction, instead of tokens; the step then answers no
   * AuthenticationResult.
   */
  endInSession?: (tx: Repos, user: UserRow, now: number) => Promise<void>;
  /** The call as Lambda triggers see it: the request's context, client and ClientMetadata. */
  origin: TriggerOrigin;
  /** The caller's address (a device's last_ip_used). */
  sourceIp?: string;
}

/** What every step of a sign-in answers: a challenge to meet, or the tokens. */
export interface AuthStep {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  /** USER_AUTH's SELECT_CHALLENGE: the first factors this user may choose. */
  AvailableChallenges?: ChallengeNameType[];
  AuthenticationResult?: AuthenticationResultType;
}

export type ParameterMap = Record<string, string>;

export async function publicCall(ctx: OperationContext, clientId: string, clientMetadata?: Record<string, string>): Promise<AuthCall> {
  const { store } = ctx.services;
  const client = await requireClient(store, clientId);
  const pool = await requirePoolConfig(store, client.poolId, ctx.services.caches.poolViews);
  return { services: ctx.services, pool, client, admin: false, sourceIp: ctx.sourceIp, origin: { ctx, clientId: client.id, clientMetadata } };
}

/** The admin operations name the pool: a client of another pool is not found. */
export async function adminCall(
  ctx: OperationContext, poolId: string, clientId: string, clientMetadata?: Record<string, string>,
): Promise<AuthCall> {
  const { store } = ctx.services;
  const client = new ClientView(await requirePoolClient(store, poolId, clientId));
  const pool = await requirePoolConfig(store, poolId, ctx.services.caches.poolViews);
  return { services: ctx.services, pool, client, admin: true, sourceIp: ctx.sourceIp, origin: { ctx, clientId: client.id, clientMetadata } };
}

/** An AuthParameters / ChallengeResponses entry the step cannot do without. */
export function requireParameter(parameters: ParameterMap, name: string): string {
  const value = parameters[name];
  // JSON null counts as absent (identity-js sends `DEVICE_KEY: null`, for one).
  if (value === undefined || value === null || value === '') throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}

/** An optional AuthParameters / ChallengeResponses entry; JSON null and '' count as absent. */
export function optionalParameter(parameters: ParameterMap, name: string): string | undefined {
  const value = parameters[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
