/**
 * DeleteIdentities: each identity with its logins (one statement each; the logins go by the
 * foreign key). An identity that does not exist is nothing to delete; one that fails to delete
 * is reported in UnprocessedIdentityIds.
 */
import type { UnprocessedIdentityId } from '@aws-sdk/client-cognito-identity';
import type { IdentityHandler } from '../context.ts';

export const deleteIdentities: IdentityHandler<'DeleteIdentities'> = async (input, { services }) => {
  const unprocessed: UnprocessedIdentityId[] = [];
  for (const id of new Set(input.IdentityIdsToDelete)) {
    try {
      await services.store.identities.delete(id);
    } catch (e) {
      services.log.error({ err: e, identityId: id }, 'identity pools: deleting an identity failed');
      unprocessed.push({ IdentityId: id, ErrorCode: 'InternalServerError' });
    }
  }
  return { UnprocessedIdentityIds: unprocessed };
};
