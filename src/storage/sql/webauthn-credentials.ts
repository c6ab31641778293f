/**
 * Passkeys (`webauthn_credentials`): implements userPools/passkeys/store.ts.
 */
import type { WebAuthnCredentialRepo, WebAuthnCredentialRow } from '../../userPools/passkeys/store.ts';
import type { Database } from './schema.ts';
import { decodeCursor, pageOf, uniquely, type Db } from './shared.ts';

const toRow = (r: Database['webauthn_credentials']): WebAuthnCredentialRow => ({
  credentialId: r.credential_id, userId: r.user_id, poolId: r.pool_id, publicKey: r.public_key,
  signCount: Number(r.sign_count), transports: JSON.parse(r.transports) as string[], friendlyName: r.friendly_name,
  relyingPartyId: r.relying_party_id, aaguid: r.aaguid, authenticatorAttachment: r.authenticator_attachment,
  createdAt: Number(r.created_at),
});

export function webAuthnCredentialRepo(db: Db): WebAuthnCredentialRepo {
  return {
    async insert(c) {
      await uniquely('webauthn_credentials', () => db.insertInto('webauthn_credentials').values({
        credential_id: c.credentialId, user_id: c.userId, pool_id: c.poolId, public_key: c.publicKey,
        sign_count: c.signCount, transports: JSON.stringify(c.transports), friendly_name: c.friendlyName,
        relying_party_id: c.relyingPartyId, aaguid: c.aaguid, authenticator_attachment: c.authenticatorAttachment,
        created_at: c.createdAt,
      }).execute());
    },
    async get(credentialId) {
      const r = await db.selectFrom('webauthn_credentials').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return r && toRow(r);
    },
    async listOf(userId, limit, cursor) {
      const after = decodeCursor(cursor);
      let q = db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId);
      if (after) {
        const [created, id] = [Number(after[0]), after[1] ?? ''];
        q = q.where((eb) => eb.or([eb('created_at', '>', created), eb.and([eb('created_at', '=', created), eb('credential_id', '>', id)])]));
      }
      const rows = await q.orderBy('created_at').orderBy('credential_id').limit(limit + 1).execute();
      return pageOf(rows, limit, toRow, (r) => [String(r.created_at), r.credential_id]);
    },
    async allOf(userId) {
      const rows = await db.selectFrom('webauthn_credentials').selectAll().where('user_id', '=', userId)
        .orderBy('created_at').orderBy('credential_id').execute();
      return rows.map(toRow);
    },
    async delete(userId, credentialId) {
      const r = await db.deleteFrom('webauthn_credentials').where('credential_id', '=', credentialId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async claimCounter(credentialId, counter) {
      const r = await db.updateTable('webauthn_credentials').set({ sign_count: counter })
        .where('credential_id', '=', credentialId)
        .where('sign_count', counter === 0 ? '=' : '<', counter)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
