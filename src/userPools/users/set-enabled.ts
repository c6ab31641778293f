/** The `Enabled` flag (AdminDisableUser / AdminEnableUser), indexed for ListUsers' `status` filter. */
import type { OperationContext } from '../context.ts';
import { requirePool } from '../pools/load.ts';
import { requireUser } from './lookup.ts';
import { saveUser } from './save.ts';

export async function setEnabled(poolId: string, username: string, enabled: boolean, ctx: OperationContext): Promise<void> {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, poolId);
  const user = await requireUser(store, pool, username);
  if (user.enabled === enabled) return;
  await store.transaction((tx) => saveUser(tx, pool, { ...user, enabled, updatedAt: clock.now() }));
}
