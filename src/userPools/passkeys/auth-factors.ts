/**
 * GetUserAuthFactors / AdminGetUserAuthFactors: the user's MFA settings (as GetUser shows them)
 * and ConfiguredUserAuthFactors, the first factors of USER_AUTH they can use (auth/first-factors.ts).
 */
import type { GetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Repos } from '../../storage/store.ts';
import { configuredFactors } from '../auth/first-factors.ts';
import type { Handler, UserHandler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { callerRow } from '../self/access.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { requireUser } from '../users/directory/lookup.ts';
import { stateOf } from '../users/state.ts';
import type { UserRow } from '../users/store.ts';

async function authFactors(repos: Repos, pool: PoolView, user: UserRow): Promise<GetUserAuthFactorsResponse> {
  const state = stateOf(user);
  return {
    Username: user.username,
    ...(state.preferredMfa ? { PreferredMfaSetting: state.preferredMfa } : {}),
    ...(state.mfaMethods?.length ? { UserMFASettingList: state.mfaMethods } : {}),
    ConfiguredUserAuthFactors: await configuredFactors(repos, pool, user),
  };
}

/** The caller's whole row: its credentials say whether a password is set. */
export const getUserAuthFactors: UserHandler<'GetUserAuthFactors'> = async (_input, ctx) =>
  authFactors(ctx.services.store, ctx.caller.pool, await callerRow(ctx.services.store, ctx.caller));

export const adminGetUserAuthFactors: Handler<'AdminGetUserAuthFactors'> = async (input, ctx) => {
  const { store } = ctx.services;
  const pool = await requirePool(store, input.UserPoolId);
  return authFactors(store, pool, await requireUser(store, pool, input.Username));
};
