/**
 * The last step of every successful sign-in: PostAuthentication, pre token generation (both
 * outside any transaction), then the tokens, as AuthenticationResult. `source` names what led
 * here (`TokenGeneration_<source>`): Authentication, NewPasswordChallenge, and the sources other
 * flows pass (HostedAuth, AuthenticateDevice).
 */
import type { AuthenticationResultType, NewDeviceMetadataType } from '@aws-sdk/client-cognito-identity-provider';
import type { UserRow } from '../users/store.ts';
import { recordTokens, signTokens } from '../tokens/index.ts';
import { preTokenGeneration, type TokenOverrides, type TokenSource } from '../tokens/customise.ts';
import { triggerArn } from '../triggers/invoke.ts';
import { postAuthentication } from '../triggers/lifecycle.ts';
import type { Repos } from '../../storage/store.ts';
import type { AuthCall, AuthStep } from './call.ts';
import type { PoolView } from '../pools/pool-config.ts';
import type { TriggerOrigin } from '../triggers/custom-message.ts';

export type { TokenSource } from '../tokens/customise.ts';

/**
 * What runs between a successful authentication and its tokens: the PostAuthentication trigger
 * (its failure fails the sign-in: no tokens), then pre token generation.
 */
export async function beforeTokens(call: AuthCall, user: UserRow, source: TokenSource): Promise<TokenOverrides | undefined> {
  await postAuthentication(call.origin, call.pool, user);
  if (triggerArn(call.pool, 'PreTokenGeneration') === undefined) return undefined;
  const groups = await call.services.store.groups.groupsOf(user.id);
  return preTokenGeneration(call.origin, call.pool, user, source, groups);
}

/**
 * The tokens, after `beforeTokens`, recorded in a transaction of their own.
 */
/** The answer with its tokens, and a device this sign-in issued as NewDeviceMetadata. */
export function withNewDevice(result: AuthenticationResultType, newDevice: NewDeviceMetadataType | undefined): AuthStep {
  return { ChallengeParameters: {}, AuthenticationResult: newDevice ? { ...result, NewDeviceMetadata: newDevice } : result };
}

export interface TokenExtras {
  /** A step's own writes (spending its nonce, clearing failures), committed with the refresh token, or alone when a trigger refuses. */
  stepWrites?: ((tx: Repos) => Promise<void>) | undefined;
  /** The device the tokens are for (`device_key`), and one this sign-in issued. */
  deviceKey?: string | undefined;
  newDevice?: NewDeviceMetadataType | undefined;
}

export async function tokensFor(call: AuthCall, user: UserRow, now: number, source: TokenSource, extras: TokenExtras = {}): Promise<AuthStep> {
  const { stepWrites, deviceKey, newDevice } = extras;
  const { store } = call.services;
  const endInSession = call.endInSession;
  let overrides: TokenOverrides | undefined;
  try {
    if (endInSession) await postAuthentication(call.origin, call.pool, user);
    else overrides = await beforeTokens(call, user, source);
  } catch (refusal) {
    if (stepWrites) await store.transaction(stepWrites);
    throw refusal;
  }
  if (endInSession) {
    // Managed login: the sign-in ends in a session; its tokens come from /oauth2/token, where
    // pre token generation runs as TokenGeneration_HostedAuth.
    await store.transaction(async (tx) => {
      if (stepWrites) await stepWrites(tx);
      await endInSession(tx, user, now);
    });
    return { ChallengeParameters: {} };
  }
  // Recorded in a transaction of its own, so that the user's row stays shared until the refresh
  // token is in (see recordTokens); signed after the commit.
  const recorded = await store.transaction(async (tx) => {
    if (stepWrites) await stepWrites(tx);
    return recordTokens(tx, call.services, {
      pool: call.pool, client: call.client, user, authTime: Math.floor(now / 1000), issueRefreshToken: true, overrides,
      ...(deviceKey !== undefined ? { deviceKey } : {}),
    });
  });
  return withNewDevice(await signTokens(store, call.services, recorded), newDevice);
}

/** The pre token generation trigger of a refresh (TokenGeneration_RefreshTokens), when the pool has one. */
export function refreshCustomiser(
  origin: TriggerOrigin, pool: PoolView,
): ((user: UserRow) => Promise<TokenOverrides | undefined>) | undefined {
  if (triggerArn(pool, 'PreTokenGeneration') === undefined) return undefined;
  return async (user) => preTokenGeneration(origin, pool, user, 'RefreshTokens', await origin.ctx.services.store.groups.groupsOf(user.id));
}
