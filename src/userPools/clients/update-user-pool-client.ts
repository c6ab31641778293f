import type { Handler } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { buildClientConfig, describeClient } from './client-config.ts';
import { ClientView } from './client-view.ts';
import { requirePoolClient } from './load.ts';
import { checkOAuthSettings } from './oauth-settings.ts';

/**
 * Like Cognito, a replacement rather than a patch: every setting not sent returns to its
 * default. The name is kept unless a new one is given; the secret never changes here.
 */
export const updateUserPoolClient: Handler<'UpdateUserPoolClient'> = async (input, ctx) => {
  const { store, vault, clock } = ctx.services;
  const { UserPoolId, ClientId, ClientName, ...settings } = input;
  const row = await store.transaction(async (tx) => {
    const current = await requirePoolClient(tx, UserPoolId, ClientId, 'update');
    const pool = await requirePool(tx, UserPoolId);
    const config = buildClientConfig(settings, pool, 'updating');
    await checkOAuthSettings(tx, config, { poolId: UserPoolId, hasSecret: new ClientView(current).hasSecret });
    const updated = {
      ...current,
      name: ClientName ?? current.name,
      config,
      updatedAt: clock.now(),
    };
    await tx.clients.update(updated);
    return updated;
  });
  return { UserPoolClient: describeClient(row, new ClientView(row).secret(vault)) };
};
