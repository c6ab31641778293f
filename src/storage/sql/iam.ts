/**
 * IAM roles and their inline policies (`iam_roles`, `iam_role_policies`), OpenID Connect
 * providers (`iam_oidc_providers`), and STS's temporary
 * credentials (`sts_credentials`): implements iam/store.ts.
 */
import type {
  OidcProviderRepo, OidcProviderRow, RoleRepo, RoleRow, TemporaryCredentialRepo, TemporaryCredentialRow,
} from '../../iam/store.ts';
import type { Database } from './schema.ts';
import { decodeCursor, json, locked, pageOf, prefixUpperBound, uniquely, type Db } from './shared.ts';

export function roleRepo(db: Db, postgres: boolean): RoleRepo {
  const toRole = (r: Database['iam_roles']): RoleRow => ({
    nameKey: r.name_key, name: r.name, path: r.path, roleId: r.role_id, arn: r.arn, trustPolicy: r.trust_policy,
    description: r.description ?? undefined, maxSessionDuration: Number(r.max_session_duration),
    tags: JSON.parse(r.tags) as RoleRow['tags'], createdAt: Number(r.created_at),
  });
  return {
    async insert(role) {
      await uniquely('role', () => db.insertInto('iam_roles').values({
        name_key: role.nameKey, name: role.name, path: role.path, role_id: role.roleId, arn: role.arn,
        trust_policy: role.trustPolicy, description: role.description ?? null, max_session_duration: role.maxSessionDuration,
        tags: json(role.tags), created_at: role.createdAt,
      }).execute());
    },
    async get(nameKey, lock) {
      const r = await locked(db.selectFrom('iam_roles').selectAll().where('name_key', '=', nameKey), postgres, lock).executeTakeFirst();
      return r && toRole(r);
    },
    async updateSettings(nameKey, change) {
      await db.updateTable('iam_roles').set({
        trust_policy: change.trustPolicy, description: change.description ?? null, max_session_duration: change.maxSessionDuration,
      }).where('name_key', '=', nameKey).execute();
    },
    async delete(nameKey) {
      const result = await db.deleteFrom('iam_roles').where('name_key', '=', nameKey).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list(pathPrefix, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('iam_roles').selectAll().orderBy('name_key').limit(limit + 1);
      if (pathPrefix !== '/') {
        q = q.where('path', '>=', pathPrefix);
        const upper = prefixUpperBound(pathPrefix);
        if (upper !== undefined) q = q.where('path', '<', upper);
      }
      if (cursor) q = q.where('name_key', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toRole, (r) => [r.name_key]);
    },
    async putPolicy(p) {
      await db.insertInto('iam_role_policies')
        .values({ role_name_key: p.roleNameKey, policy_name: p.policyName, document: p.document })
        .onConflict((oc) => oc.columns(['role_name_key', 'policy_name']).doUpdateSet({ document: p.document }))
        .execute();
    },
    async getPolicy(roleNameKey, policyName) {
      const r = await db.selectFrom('iam_role_policies').selectAll()
        .where('role_name_key', '=', roleNameKey).where('policy_name', '=', policyName).executeTakeFirst();
      return r && { roleNameKey: r.role_name_key, policyName: r.policy_name, document: r.document };
    },
    async policies(roleNameKey) {
      const rows = await db.selectFrom('iam_role_policies').selectAll().where('role_name_key', '=', roleNameKey).orderBy('policy_name').execute();
      return rows.map((r) => ({ roleNameKey: r.role_name_key, policyName: r.policy_name, document: r.document }));
    },
    async deletePolicy(roleNameKey, policyName) {
      const result = await db.deleteFrom('iam_role_policies')
        .where('role_name_key', '=', roleNameKey).where('policy_name', '=', policyName).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export function temporaryCredentialRepo(db: Db): TemporaryCredentialRepo {
  const toRow = (r: Database['sts_credentials']): TemporaryCredentialRow => ({
    accessKeyId: r.access_key_id, secretEnc: r.secret_enc, roleArn: r.role_arn, roleNameKey: r.role_name_key,
    sessionName: r.session_name, assumedRoleId: r.assumed_role_id,
    identity: JSON.parse(r.identity) as TemporaryCredentialRow['identity'],
    principalTags: JSON.parse(r.principal_tags) as Record<string, string>,
    sessionPolicies: JSON.parse(r.session_policies) as string[],
    unknownRole: Number(r.unknown_role) === 1, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at),
    revokedAt: r.revoked_at === null ? undefined : Number(r.revoked_at),
  });
  return {
    async insert(c) {
      await uniquely('access_key', () => db.insertInto('sts_credentials').values({
        access_key_id: c.accessKeyId, secret_enc: c.secretEnc, role_arn: c.roleArn, role_name_key: c.roleNameKey,
        session_name: c.sessionName, assumed_role_id: c.assumedRoleId, identity: json(c.identity),
        principal_tags: json(c.principalTags), session_policies: json(c.sessionPolicies), unknown_role: c.unknownRole ? 1 : 0,
        created_at: c.createdAt, expires_at: c.expiresAt, revoked_at: c.revokedAt ?? null,
      }).execute());
    },
    async get(accessKeyId) {
      const r = await db.selectFrom('sts_credentials').selectAll().where('access_key_id', '=', accessKeyId).executeTakeFirst();
      return r && toRow(r);
    },
    async revoke(accessKeyId, at) {
      const result = await db.updateTable('sts_credentials').set({ revoked_at: at })
        .where('access_key_id', '=', accessKeyId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async revokeSessions(roleArn, sessionName, at) {
      let q = db.updateTable('sts_credentials').set({ revoked_at: at })
        .where('role_arn', '=', roleArn).where('revoked_at', 'is', null).where('expires_at', '>', at);
      if (sessionName !== undefined) q = q.where('session_name', '=', sessionName);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async purgeExpired(before) {
      const result = await db.deleteFrom('sts_credentials').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export function oidcProviderRepo(db: Db): OidcProviderRepo {
  const toRow = (r: Database['iam_oidc_providers']): OidcProviderRow => ({
    urlKey: r.url_key, url: r.url, arn: r.arn, clientIds: JSON.parse(r.client_ids) as string[],
    thumbprints: JSON.parse(r.thumbprints) as string[], tags: JSON.parse(r.tags) as OidcProviderRow['tags'],
    createdAt: Number(r.created_at),
  });
  return {
    async insert(p) {
      await uniquely('oidc_provider', () => db.insertInto('iam_oidc_providers').values({
        url_key: p.urlKey, url: p.url, arn: p.arn, client_ids: json(p.clientIds), thumbprints: json(p.thumbprints),
        tags: json(p.tags), created_at: p.createdAt,
      }).execute());
    },
    async get(urlKey) {
      const r = await db.selectFrom('iam_oidc_providers').selectAll().where('url_key', '=', urlKey).executeTakeFirst();
      return r && toRow(r);
    },
    async list() {
      return (await db.selectFrom('iam_oidc_providers').selectAll().orderBy('url_key').execute()).map(toRow);
    },
    async delete(urlKey) {
      const result = await db.deleteFrom('iam_oidc_providers').where('url_key', '=', urlKey).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
