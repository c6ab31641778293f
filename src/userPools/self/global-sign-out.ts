import type { GlobalSignOutRequest, GlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Handler } from '../context.ts';
import { globalSignOut as signOutEverywhere } from '../tokens/index.ts';
import { authenticate } from './access.ts';

/** Every refresh token of the user stops working, and every access token issued so far is refused. */
export const globalSignOut: Handler<GlobalSignOutRequest, GlobalSignOutResponse> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user } = await authenticate(ctx, input.AccessToken!);
  await store.transaction((tx) => signOutEverywhere(tx, ctx.services, user.id));
  return {};
};
