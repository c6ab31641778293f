import { randomUUID } from 'node:crypto';
import { errors } from '../../errors.ts';
import { UniqueViolation } from '../../storage/store.ts';
import type { Handler } from '../context.ts';
import { requirePoolClient } from '../clients/load.ts';
import { checkContent, describeBranding } from './managed-login.ts';
import type { ManagedLoginBrandingRow } from './store.ts';

/** One style per app client: a unique index decides between racing creations. */
export const createManagedLoginBranding: Handler<'CreateManagedLoginBranding'> = async (input, ctx) => {
  const { store, clock } = ctx.services;
  await requirePoolClient(store, input.UserPoolId, input.ClientId);
  const assets = checkContent(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  const now = clock.now();
  const row: ManagedLoginBrandingRow = {
    id: randomUUID(), poolId: input.UserPoolId, clientId: input.ClientId,
    useCognitoProvidedValues: input.UseCognitoProvidedValues ?? false,
    settings: input.Settings, assets, createdAt: now, updatedAt: now,
  };
  const exists = () => errors.managedLoginBrandingExists(`A managed login branding style already exists for client ${input.ClientId}.`);
  if (await store.managedLoginBrandings.forClient(input.UserPoolId, input.ClientId)) throw exists();
  try {
    await store.managedLoginBrandings.insert(row);
  } catch (e) {
    if (e instanceof UniqueViolation) throw exists();
    throw e;
  }
  return { ManagedLoginBranding: describeBranding(row) };
};
