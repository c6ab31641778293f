/**
 * Pre token generation for the authorization server's tokens (TokenGeneration_HostedAuth): the
 * code grant's and the implicit flow's, with the granted scopes in the event (V2_0 / V3_0).
 * Outside any transaction, as every trigger.
 */
import type { ClientView } from '../clients/client-view.ts';
import type { Services } from '../context.ts';
import { newRequestId } from '../../kernel/ids.ts';
import type { PoolView } from '../pools/pool-config.ts';
import { preTokenGeneration, type TokenOverrides } from '../tokens/customise.ts';
import { triggerArn } from '../triggers/invoke.ts';
import type { UserRow } from '../users/store.ts';

/** Where the browser's or the relying party's request came from (the trigger's context). */
export interface RequestOrigin {
  sourceIp: string;
  userAgent: string;
}

export async function hostedAuthOverrides(
  services: Services, from: RequestOrigin | undefined, pool: PoolView, client: ClientView, user: UserRow, scopes: readonly string[],
): Promise<TokenOverrides | undefined> {
  if (triggerArn(pool, 'PreTokenGeneration') === undefined) return undefined;
  const groups = await services.store.groups.groupsOf(user.id);
  const ctx = { services, caller: { kind: 'anonymous' as const }, requestId: newRequestId(), sourceIp: from?.sourceIp ?? '', userAgent: from?.userAgent ?? '' };
  return preTokenGeneration({ ctx, clientId: client.id }, pool, user, 'HostedAuth', groups, scopes);
}
