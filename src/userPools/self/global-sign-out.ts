import type { UserHandler } from '../context.ts';
import { globalSignOut as signOutEverywhere } from '../tokens/index.ts';

/** Every refresh token of the user stops working, and every access token issued so far is refused. */
export const globalSignOut: UserHandler<'GlobalSignOut'> = async (input, ctx) => {
  const { store } = ctx.services;
  const { user } = ctx.caller;
  await store.transaction((tx) => signOutEverywhere(tx, ctx.services, user.id));
  return {};
};
