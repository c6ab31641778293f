import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { brandingNotFound, describeBranding } from './managed-login.ts';

export const describeManagedLoginBranding: Handler<'DescribeManagedLoginBranding'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolRow(store, input.UserPoolId);
  const row = await store.managedLoginBrandings.get(input.UserPoolId, input.ManagedLoginBrandingId);
  if (!row) throw brandingNotFound(input.ManagedLoginBrandingId);
  return { ManagedLoginBranding: describeBranding(row, input.ReturnMergedResources ?? false) };
};
