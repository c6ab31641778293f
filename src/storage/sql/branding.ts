/**
 * Branding (`ui_customizations`, `managed_login_brandings`): implements userPools/branding/store.ts.
 */
import type {
  ManagedLoginBrandingRepo, ManagedLoginBrandingRow, StoredAsset, UiCustomizationRepo, UiCustomizationRow,
} from '../../userPools/branding/store.ts';
import type { Database } from './schema.ts';
import { json, locked, uniquely, type Db } from './shared.ts';

const toCustomization = (r: Database['ui_customizations']): UiCustomizationRow => ({
  poolId: r.pool_id, clientId: r.client_id, css: r.css, imageFile: r.image_file,
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function uiCustomizationRepo(db: Db): UiCustomizationRepo {
  return {
    async put(c) {
      // One upsert: concurrent writers of one (pool, client) each leave a whole customisation.
      const r = await db.insertInto('ui_customizations').values({
        pool_id: c.poolId, client_id: c.clientId, css: c.css, image_file: c.imageFile, created_at: c.createdAt, updated_at: c.updatedAt,
      }).onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet({ css: c.css, image_file: c.imageFile, updated_at: c.updatedAt }))
        .returningAll().executeTakeFirstOrThrow();
      return toCustomization(r);
    },
    async get(poolId, clientId) {
      const r = await db.selectFrom('ui_customizations').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
      return r && toCustomization(r);
    },
    async deleteForClient(poolId, clientId) {
      await db.deleteFrom('ui_customizations').where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
    },
  };
}

const toBranding = (r: Database['managed_login_brandings']): ManagedLoginBrandingRow => ({
  id: r.id, poolId: r.pool_id, clientId: r.client_id, useCognitoProvidedValues: Number(r.use_cognito_provided_values) === 1,
  settings: r.settings === null ? undefined : JSON.parse(r.settings) as unknown, assets: JSON.parse(r.assets) as StoredAsset[],
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function managedLoginBrandingRepo(db: Db, postgres: boolean): ManagedLoginBrandingRepo {
  return {
    async insert(b) {
      await uniquely('managed_login_branding', () => db.insertInto('managed_login_brandings').values({
        id: b.id, pool_id: b.poolId, client_id: b.clientId, use_cognito_provided_values: b.useCognitoProvidedValues ? 1 : 0,
        settings: b.settings === undefined ? null : json(b.settings), assets: json(b.assets), created_at: b.createdAt, updated_at: b.updatedAt,
      }).execute());
    },
    async get(poolId, id, lock) {
      const r = await locked(db.selectFrom('managed_login_brandings').selectAll().where('id', '=', id).where('pool_id', '=', poolId), postgres, lock)
        .executeTakeFirst();
      return r && toBranding(r);
    },
    async forClient(poolId, clientId) {
      const r = await db.selectFrom('managed_login_brandings').selectAll().where('client_id', '=', clientId).where('pool_id', '=', poolId).executeTakeFirst();
      return r && toBranding(r);
    },
    async update(b) {
      const r = await db.updateTable('managed_login_brandings').set({
        use_cognito_provided_values: b.useCognitoProvidedValues ? 1 : 0, settings: b.settings === undefined ? null : json(b.settings),
        assets: json(b.assets), updated_at: b.updatedAt,
      }).where('id', '=', b.id).where('pool_id', '=', b.poolId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async delete(poolId, id) {
      const r = await db.deleteFrom('managed_login_brandings').where('id', '=', id).where('pool_id', '=', poolId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
