/**
 * User pool domains (`user_pool_domains`): implements userPools/domains/store.ts.
 */
import type { CustomDomainConfigType } from '@aws-sdk/client-cognito-identity-provider';
import type { DomainKind, DomainRepo, DomainRow } from '../../userPools/domains/store.ts';
import type { Database } from './schema.ts';
import { json, uniquely, type Db } from './shared.ts';

const toDomain = (r: Database['user_pool_domains']): DomainRow => ({
  domain: r.domain, poolId: r.pool_id, kind: r.kind as DomainKind, managedLoginVersion: Number(r.managed_login_version),
  customDomainConfig: r.custom_domain_config === null ? null : JSON.parse(r.custom_domain_config) as CustomDomainConfigType,
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

export function domainRepo(db: Db): DomainRepo {
  return {
    async insert(d) {
      await uniquely('domain', () => db.insertInto('user_pool_domains').values({
        domain: d.domain, pool_id: d.poolId, kind: d.kind, managed_login_version: d.managedLoginVersion,
        custom_domain_config: d.customDomainConfig === null ? null : json(d.customDomainConfig),
        created_at: d.createdAt, updated_at: d.updatedAt,
      }).execute());
    },
    async get(domain) {
      const r = await db.selectFrom('user_pool_domains').selectAll().where('domain', '=', domain).executeTakeFirst();
      return r && toDomain(r);
    },
    async forPool(poolId) {
      const rows = await db.selectFrom('user_pool_domains').selectAll().where('pool_id', '=', poolId).orderBy('kind', 'desc').execute();
      return rows.map(toDomain);
    },
    async update(d) {
      const r = await db.updateTable('user_pool_domains')
        .set({
          managed_login_version: d.managedLoginVersion,
          custom_domain_config: d.customDomainConfig === null ? null : json(d.customDomainConfig),
          updated_at: d.updatedAt,
        })
        .where('domain', '=', d.domain).where('pool_id', '=', d.poolId).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async delete(poolId, domain) {
      const r = await db.deleteFrom('user_pool_domains').where('domain', '=', domain).where('pool_id', '=', poolId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
