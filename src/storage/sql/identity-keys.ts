/**
 * The keys of identity pools' OpenID tokens (`identity_signing_keys`): implements
 * identityPools/tokens/store.ts.
 */
import type { IdentityKeyRepo } from '../../identityPools/tokens/store.ts';
import { json, type Db } from './shared.ts';

export function identityKeyRepo(db: Db): IdentityKeyRepo {
  return {
    async insertIfAbsent(k) {
      const r = await db.insertInto('identity_signing_keys').values({
        generation: k.generation, kid: k.kid, private_key_enc: k.privateKeyEnc, public_jwk: json(k.publicJwk), created_at: k.createdAt,
      }).onConflict((oc) => oc.column('generation').doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async list() {
      const rows = await db.selectFrom('identity_signing_keys').selectAll().orderBy('generation', 'desc').execute();
      return rows.map((r) => ({
        generation: Number(r.generation), kid: r.kid, privateKeyEnc: r.private_key_enc,
        publicJwk: JSON.parse(r.public_jwk), createdAt: Number(r.created_at),
      }));
    },
  };
}
