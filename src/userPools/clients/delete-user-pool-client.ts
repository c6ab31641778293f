import type { Handler } from '../context.ts';
import { requirePoolClient } from './load.ts';

export const deleteUserPoolClient: Handler<'DeleteUserPoolClient'> = async (input, ctx) => {
  await ctx.services.store.transaction(async (tx) => {
    const row = await requirePoolClient(tx, input.UserPoolId, input.ClientId);
    await tx.clients.delete(row.id);
    // Its managed login style and terms go with its row (foreign keys); its UI customisation here.
    await tx.uiCustomizations.deleteForClient(row.poolId, row.id);
  });
  return {};
};
