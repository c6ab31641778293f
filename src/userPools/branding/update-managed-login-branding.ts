import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { brandingNotFound, checkContent, describeBranding } from './managed-login.ts';

/**
 * Replaces what the request gives: Settings and Assets when sent; UseCognitoProvidedValues true
 * drops both for the defaults.
 */
export const updateManagedLoginBranding: Handler<'UpdateManagedLoginBranding'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  // Optional in the model, but a style is found by both.
  if (!input.UserPoolId || !input.ManagedLoginBrandingId) {
    throw errors.invalidParameter('UserPoolId and ManagedLoginBrandingId are required.');
  }
  await requirePoolRow(store, input.UserPoolId);
  const current = await store.managedLoginBrandings.get(input.UserPoolId, input.ManagedLoginBrandingId);
  if (!current) throw brandingNotFound(input.ManagedLoginBrandingId);
  const assets = checkContent(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  const useDefaults = input.UseCognitoProvidedValues ?? false;
  const row = {
    ...current,
    useCognitoProvidedValues: useDefaults,
    settings: useDefaults ? undefined : input.Settings ?? current.settings,
    assets: useDefaults ? [] : input.Assets !== undefined ? assets : current.assets,
    updatedAt: clock.now(),
  };
  if (!(await store.managedLoginBrandings.update(row))) throw brandingNotFound(input.ManagedLoginBrandingId);
  return { ManagedLoginBranding: describeBranding(row) };
};
