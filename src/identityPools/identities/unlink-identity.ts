/**
 * UnlinkIdentity (public): removes logins from an identity whose ownership the caller proves
 * with a valid login of that identity. Removing the last login leaves the identity without a
 * way in.
 */
import type { IdentityHandler } from '../context.ts';
import { userPoolEntriesFor } from '../logins/user-pool.ts';
import { verifyLogins } from '../logins/verify.ts';
import { requireIdentityPool } from '../pools/load.ts';
import { loginsDontMatch } from './authorize.ts';
import { identityNotFound } from './link.ts';

export const unlinkIdentity: IdentityHandler<'UnlinkIdentity'> = async (input, { services }) => {
  const identity = await services.store.identities.get(input.IdentityId);
  if (!identity) throw identityNotFound(input.IdentityId);
  const pool = await requireIdentityPool(services.store, identity.poolId);
  const proofs = await verifyLogins(services, pool, input.Logins);
  await services.store.transaction(async (tx) => {
    const locked = await tx.identities.get(identity.id, 'update');
    if (!locked) throw identityNotFound(identity.id);
    const linked = await tx.identities.loginsOf(identity.id);
    const owns = proofs.some((p) => (p.kind === 'identity'
      ? p.identityId === identity.id
      : linked.some((l) => l.provider === p.provider && l.subject === p.subject)));
    if (proofs.length === 0 || !owns) throw loginsDontMatch();
    // LoginsToRemove names providers as Logins keys do (a user pool also by its issuer).
    const names = new Set(input.LoginsToRemove.map((key) => userPoolEntriesFor(services, pool.config, key)[0]?.ProviderName ?? key));
    let removed = 0;
    for (const l of linked) {
      if (names.has(l.provider) && await tx.identities.deleteLogin(pool.id, l.provider, l.subject, identity.id)) removed++;
    }
    if (removed > 0) await tx.identities.touch(identity.id, services.clock.now());
  });
  return {};
};
