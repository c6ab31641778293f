/**
 * Pools and clients whose id the config file fixes (so that apps' configs can name them). The
 * API always generates ids, so these are built from the same pieces as CreateUserPool and
 * CreateUserPoolClient (input validation, configuration builders, secret sealing) and inserted
 * under the given id.
 */
import type { CreateUserPoolClientRequest, CreateUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import { validateInput } from '../protocol/validate.ts';
import type { ClientRow } from '../userPools/clients/store.ts';
import type { PoolRow } from '../userPools/pools/store.ts';
import { buildClientConfig } from '../userPools/clients/client-config.ts';
import { secretContext } from '../userPools/clients/client-view.ts';
import type { Services } from '../kernel/context.ts';
import { newClientSecret } from '../kernel/ids.ts';
import { buildPoolConfig, PoolView } from '../userPools/pools/pool-config.ts';

export async function createPoolWithId(services: Services, id: string, input: CreateUserPoolRequest): Promise<PoolRow> {
  validateInput('cognito-idp', 'CreateUserPool', input);
  const now = services.clock.now();
  const row: PoolRow = {
    id, name: input.PoolName!, config: buildPoolConfig(input), userCount: 0, createdAt: now, updatedAt: now,
  };
  await services.store.pools.insert(row);
  return row;
}

export async function createClientWithId(
  services: Services, pool: PoolView, id: string, input: CreateUserPoolClientRequest,
): Promise<ClientRow> {
  validateInput('cognito-idp', 'CreateUserPoolClient', input);
  const { UserPoolId: _pool, ClientName, GenerateSecret, ClientSecret, ...settings } = input;
  if (GenerateSecret && ClientSecret !== undefined) throw new Error('a client cannot have both a fixed secret and generateSecret');
  const secret = ClientSecret ?? (GenerateSecret ? newClientSecret() : undefined);
  const now = services.clock.now();
  const row: ClientRow = {
    id,
    poolId: pool.id,
    name: ClientName!,
    config: buildClientConfig(settings, pool, 'creating'),
    secretEnc: secret === undefined ? null : services.vault.seal(secret, secretContext(id)),
    createdAt: now,
    updatedAt: now,
  };
  await services.store.clients.insert(row);
  return row;
}
