import type { Handler } from '../context.ts';
import { ALL_CLIENTS } from './store.ts';
import { describeCustomization, target } from './ui-customization.ts';

/** A client's own customisation, else the pool's (ALL), else none. */
export const getUICustomization: Handler<'GetUICustomization'> = async (input, ctx) => {
  const { store } = ctx.services;
  const clientId = await target(store, input.UserPoolId, input.ClientId);
  const own = await store.uiCustomizations.get(input.UserPoolId, clientId);
  const row = own ?? (clientId === ALL_CLIENTS ? undefined : await store.uiCustomizations.get(input.UserPoolId, ALL_CLIENTS));
  return { UICustomization: describeCustomization(input.UserPoolId, clientId, row) };
};
