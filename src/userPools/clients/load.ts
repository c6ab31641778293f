/** Finding a client or failing as Cognito does. */
import { errors } from '../../errors.ts';
import type { ClientRow } from './store.ts';
import type { Repos, RowLock } from '../../storage/store.ts';
import { requirePoolRow } from '../pools/load.ts';

export { ClientView, requireClient } from './client-view.ts';

/** The client within a named pool: an unknown pool fails first, a client of another pool is not found. */
export async function requirePoolClient(repos: Repos, poolId: string, clientId: string, lock?: RowLock): Promise<ClientRow> {
  await requirePoolRow(repos, poolId);
  const row = await repos.clients.get(clientId, lock);
  if (!row || row.poolId !== poolId) throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  return row;
}
