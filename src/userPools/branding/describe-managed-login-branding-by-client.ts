import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolClient } from '../clients/load.ts';
import { describeBranding } from './managed-login.ts';

export const describeManagedLoginBrandingByClient: Handler<'DescribeManagedLoginBrandingByClient'> = async (input, ctx) => {
  const { store } = ctx.services;
  await requirePoolClient(store, input.UserPoolId, input.ClientId);
  const row = await store.managedLoginBrandings.forClient(input.UserPoolId, input.ClientId);
  if (!row) throw errors.resourceNotFound(`No managed login branding style is assigned to client ${input.ClientId}.`);
  return { ManagedLoginBranding: describeBranding(row, input.ReturnMergedResources ?? false) };
};
