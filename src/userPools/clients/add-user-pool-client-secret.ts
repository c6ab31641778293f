import { errors } from '../../errors.ts';
import { newClientSecret } from '../../kernel/ids.ts';
import type { Handler } from '../context.ts';
import { ClientView, secret2Context, secretContext } from './client-view.ts';
import { requirePoolClient } from './load.ts';

/** Cognito's limit of active secrets per app client (rotation without downtime). */
export const MAX_CLIENT_SECRETS = 2;

/**
 * Adds a secret to a confidential client: into its free slot by one conditional UPDATE, so that
 * concurrent additions can never leave more than two. The value is returned only when generated.
 */
export const addUserPoolClientSecret: Handler<'AddUserPoolClientSecret'> = async (input, ctx) => {
  const { store, vault, clock } = ctx.services;
  const row = await requirePoolClient(store, input.UserPoolId, input.ClientId);
  const view = new ClientView(row);
  if (!view.hasSecret) {
    throw errors.invalidParameter(`Client ${input.ClientId} is not configured with a client secret; a public client cannot have one.`);
  }
  const secret = input.ClientSecret ?? newClientSecret();
  const limit = () => errors.limitExceeded(`Client ${input.ClientId} already has the maximum of ${MAX_CLIENT_SECRETS} client secrets.`);
  const slots = view.secretSlots();
  if (slots.length >= MAX_CLIENT_SECRETS) throw limit();
  // Distinct ids (`<client-id>--<epoch-create-time>`) even when made in the same millisecond.
  const createdAt = Math.max(clock.now(), ...slots.map((s) => s.createdAt + 1));
  const slot = slots[0]!.slot === 1 ? 2 : 1;
  const sealed = vault.seal(secret, slot === 1 ? secretContext(row.id) : secret2Context(row.id));
  if (!(await store.clients.fillSecretSlot(row.id, slot, sealed, createdAt))) throw limit();
  return {
    ClientSecretDescriptor: {
      ClientSecretId: `${row.id}--${createdAt}`,
      ...(input.ClientSecret === undefined ? { ClientSecretValue: secret } : {}),
      ClientSecretCreateDate: new Date(createdAt),
    },
  };
};
