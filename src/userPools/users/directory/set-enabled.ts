/** The `Enabled` flag (AdminDisableUser / AdminEnableUser), indexed for ListUsers' `status` filter. */
import type { OperationContext } from '../../context.ts';
import { requirePool } from '../../pools/load.ts';
import { requireUser } from './lookup.ts';
import { changeUser } from './save.ts';

export async function setEnabled(poolId: string, username: string, enabled: boolean, ctx: OperationContext): Promise<void> {
  const { store, clock } = ctx.services;
  const pool = await requirePool(store, poolId);
  const user = await requireUser(store, pool, username);
  if (user.enabled === enabled) return;
  // Only the flag: a concurrent write of the user's other fields is kept, and this one too.
  await store.transaction((tx) => changeUser(tx, pool, user.id, (current) => ({ ...current, enabled, updatedAt: clock.now() })));
}
