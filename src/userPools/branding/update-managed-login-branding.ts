import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { requirePoolRow } from '../pools/load.ts';
import { brandingNotFound, checkContent, describeBranding, merged } from './managed-login.ts';
import type { ManagedLoginBrandingRow, StoredAsset } from './store.ts';

/**
 * Cognito "preserves existing style settings that you don't specify": Settings are deep-merged
 * over the style's, and each asset sent replaces the style's of its category and colour mode (a
 * DYNAMIC one those of its category in any mode, a LIGHT or DARK one the category's DYNAMIC
 * one); UseCognitoProvidedValues true drops both for the defaults. The read, merge and write run
 * in one transaction under the row's lock, so concurrent updates each keep the other's changes.
 */
export const updateManagedLoginBranding: Handler<'UpdateManagedLoginBranding'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  // Optional in the model, but a style is found by both.
  if (!input.UserPoolId || !input.ManagedLoginBrandingId) {
    throw errors.invalidParameter('UserPoolId and ManagedLoginBrandingId are required.');
  }
  const poolId = input.UserPoolId;
  const id = input.ManagedLoginBrandingId;
  await requirePoolRow(store, poolId);
  const assets = checkContent(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  const useDefaults = input.UseCognitoProvidedValues ?? false;
  const row = await store.transaction(async (tx) => {
    const current = await tx.managedLoginBrandings.get(poolId, id, 'update');
    if (!current) throw brandingNotFound(id);
    const next: ManagedLoginBrandingRow = {
      ...current,
      useCognitoProvidedValues: useDefaults,
      settings: useDefaults ? undefined : input.Settings === undefined ? current.settings : merged(current.settings ?? {}, input.Settings),
      assets: useDefaults ? [] : input.Assets === undefined ? current.assets : mergedAssets(current.assets, assets),
      updatedAt: clock.now(),
    };
    if (!(await tx.managedLoginBrandings.update(next))) throw brandingNotFound(id);
    return next;
  });
  return { ManagedLoginBranding: describeBranding(row) };
};

function mergedAssets(current: StoredAsset[], sent: StoredAsset[]): StoredAsset[] {
  const replaced = (a: StoredAsset) => sent.some((b) => b.Category === a.Category
    && (b.ColorMode === a.ColorMode || b.ColorMode === 'DYNAMIC' || a.ColorMode === 'DYNAMIC'));
  return [...current.filter((a) => !replaced(a)), ...sent];
}
