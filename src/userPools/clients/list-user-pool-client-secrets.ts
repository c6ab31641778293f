import type { Handler } from '../context.ts';
import { ClientView } from './client-view.ts';
import { requirePoolClient } from './load.ts';

/** The client's secrets by id and date, never their values (at most two: no pagination). */
export const listUserPoolClientSecrets: Handler<'ListUserPoolClientSecrets'> = async (input, ctx) => {
  const row = await requirePoolClient(ctx.services.store, input.UserPoolId, input.ClientId);
  return {
    ClientSecrets: new ClientView(row).secretSlots().map((s) => ({ ClientSecretId: s.id, ClientSecretCreateDate: new Date(s.createdAt) })),
  };
};
