import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { brandingNotFound } from './managed-login.ts';

export const deleteManagedLoginBranding: Handler<'DeleteManagedLoginBranding'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  if (!(await store.managedLoginBrandings.delete(input.UserPoolId, input.ManagedLoginBrandingId))) {
    throw brandingNotFound(input.ManagedLoginBrandingId);
  }
  return {};
};
