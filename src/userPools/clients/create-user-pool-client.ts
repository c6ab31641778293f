import { errors } from '../../errors.ts';
import type { Handler } from '../context.ts';
import { newClientId, newClientSecret } from '../../kernel/ids.ts';
import { requirePool } from '../pools/load.ts';
import { buildClientConfig, describeClient } from './client-config.ts';
import { secretContext } from './client-view.ts';
import { checkOAuthSettings } from './oauth-settings.ts';

export const createUserPoolClient: Handler<'CreateUserPoolClient'> = async (input, ctx) => {
  const { store, vault, clock } = ctx.services;
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...settings } = input;
  if (GenerateSecret && ClientSecret !== undefined) {
    throw errors.invalidParameter('Cannot specify both GenerateSecret as true and a ClientSecret.');
  }
  const pool = await requirePool(store, UserPoolId);
  const id = newClientId();
  const secret = ClientSecret ?? (GenerateSecret ? newClientSecret() : undefined);
  const now = clock.now();
  const config = buildClientConfig(settings, pool, 'creating');
  await checkOAuthSettings(store, config, { poolId: pool.id, hasSecret: secret !== undefined });
  const row = {
    id,
    poolId: pool.id,
    name: ClientName,
    config,
    secretEnc: secret === undefined ? null : vault.seal(secret, secretContext(id)),
    createdAt: now,
    updatedAt: now,
  };
  await store.clients.insert(row);
  return { UserPoolClient: describeClient(row, secret) };
};
