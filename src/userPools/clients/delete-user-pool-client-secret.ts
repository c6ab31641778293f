import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { ClientView } from './client-view.ts';
import { requirePoolClient } from './load.ts';

/** Deletes one of the client's secrets, never its last one (one conditional UPDATE decides). */
export const deleteUserPoolClientSecret: Handler<'DeleteUserPoolClientSecret'> = async (input, ctx) => {
  const { store } = ctx.services;
  const row = await requirePoolClient(store, input.UserPoolId, input.ClientId);
  const target = new ClientView(row).secretSlots().find((s) => s.id === input.ClientSecretId);
  if (!target) throw errors.resourceNotFound(`Client secret ${input.ClientSecretId} does not exist.`);
  if (!(await store.clients.clearSecretSlot(row.id, target.slot, target.createdAt))) {
    // Either the other secret is gone (this is the last one) or a concurrent call deleted this one.
    const now = await requirePoolClient(store, input.UserPoolId, input.ClientId);
    if (new ClientView(now).secretSlots().some((s) => s.id === input.ClientSecretId)) {
      throw errors.invalidParameter('Cannot delete the last client secret of an app client.');
    }
    throw errors.resourceNotFound(`Client secret ${input.ClientSecretId} does not exist.`);
  }
  return {};
};
