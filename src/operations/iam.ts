/**
 * IAM's role operations on the aws-query surface (signed with the server's access keys, scope
 * `iam`): CreateRole, GetRole, DeleteRole, PutRolePolicy, GetRolePolicy, DeleteRolePolicy,
 * ListRoles, answered in IAM's XML (policy documents URL-encoded, as IAM returns them); and the
 * OpenID Connect providers STS and identity pools trust (Create / Get / List / Delete
 * OpenIDConnectProvider).
 */
import { iamErrors } from '../iam/errors.ts';
import {
  createRole, deleteRole, deleteRolePolicy, getRole, getRolePolicy, listRoles, putRolePolicy,
} from '../iam/role-operations.ts';
import { createOidcProvider, deleteOidcProvider, getOidcProvider, listOidcProviders } from '../iam/oidc-providers.ts';
import type { RoleRow } from '../iam/store.ts';
import { intParam, memberList, memberPairs, param, xmlNode, xmlText, xmlTime } from '../protocol/query.ts';
import type { QueryService } from './query-table.ts';

/** A required parameter, or IAM's ValidationError naming it. */
function required(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null) {
    throw iamErrors.validation(`1 validation error detected: Value null at '${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  }
  return v;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
const encodedPolicy = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function roleXml(role: RoleRow): string {
  return xmlText('Path', role.path) + xmlText('RoleName', role.name) + xmlText('RoleId', role.roleId) + xmlText('Arn', role.arn)
    + xmlText('CreateDate', xmlTime(role.createdAt)) + xmlText('AssumeRolePolicyDocument', encodedPolicy(role.trustPolicy))
    + xmlText('Description', role.description) + xmlText('MaxSessionDuration', role.maxSessionDuration)
    + (role.tags.length > 0 ? xmlNode('Tags', role.tags.map((t) => xmlNode('member', xmlText('Key', t.Key) + xmlText('Value', t.Value))).join('')) : '');
}

const tagsXml = (tags: { Key: string; Value: string }[]): string =>
  (tags.length > 0 ? xmlNode('Tags', tags.map((t) => xmlNode('member', xmlText('Key', t.Key) + xmlText('Value', t.Value))).join('')) : '');
const membersXml = (name: string, values: string[]): string => xmlNode(name, values.map((v) => xmlText('member', v)).join(''));

export const iamService: QueryService = {
  signingName: 'iam',
  version: '2010-05-08',
  namespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  regional: false,
  operations: {
    CreateRole: {
      auth: 'sigv4',
      async handle(params, ctx) {
        const role = await createRole(ctx.services, {
          roleName: required(params, 'RoleName'),
          assumeRolePolicyDocument: required(params, 'AssumeRolePolicyDocument'),
          path: param(params, 'Path'), description: param(params, 'Description'),
          maxSessionDuration: intParam(params, 'MaxSessionDuration'), tags: memberPairs(params, 'Tags'),
        });
        return xmlNode('Role', roleXml(role));
      },
    },
    GetRole: {
      auth: 'sigv4',
      async handle(params, ctx) {
        return xmlNode('Role', roleXml(await getRole(ctx.services, required(params, 'RoleName'))));
      },
    },
    DeleteRole: {
      auth: 'sigv4',
      async handle(params, ctx) {
        await deleteRole(ctx.services, required(params, 'RoleName'));
        return undefined;
      },
    },
    PutRolePolicy: {
      auth: 'sigv4',
      async handle(params, ctx) {
        await putRolePolicy(ctx.services, required(params, 'RoleName'), required(params, 'PolicyName'), required(params, 'PolicyDocument'));
        return undefined;
      },
    },
    GetRolePolicy: {
      auth: 'sigv4',
      async handle(params, ctx) {
        const p = await getRolePolicy(ctx.services, required(params, 'RoleName'), required(params, 'PolicyName'));
        return xmlText('RoleName', p.roleName) + xmlText('PolicyName', p.policyName) + xmlText('PolicyDocument', encodedPolicy(p.document));
      },
    },
    DeleteRolePolicy: {
      auth: 'sigv4',
      async handle(params, ctx) {
        await deleteRolePolicy(ctx.services, required(params, 'RoleName'), required(params, 'PolicyName'));
        return undefined;
      },
    },
    ListRoles: {
      auth: 'sigv4',
      async handle(params, ctx) {
        const page = await listRoles(ctx.services, param(params, 'PathPrefix'), param(params, 'Marker'), intParam(params, 'MaxItems'));
        return xmlNode('Roles', page.roles.map((r) => xmlNode('member', roleXml(r))).join(''))
          + xmlText('IsTruncated', page.marker !== undefined) + xmlText('Marker', page.marker);
      },
    },
    CreateOpenIDConnectProvider: {
      auth: 'sigv4',
      async handle(params, ctx) {
        const row = await createOidcProvider(ctx.services, {
          url: required(params, 'Url'), clientIds: memberList(params, 'ClientIDList'),
          thumbprints: memberList(params, 'ThumbprintList'), tags: memberPairs(params, 'Tags'),
        });
        return xmlText('OpenIDConnectProviderArn', row.arn) + tagsXml(row.tags);
      },
    },
    GetOpenIDConnectProvider: {
      auth: 'sigv4',
      async handle(params, ctx) {
        const row = await getOidcProvider(ctx.services, required(params, 'OpenIDConnectProviderArn'));
        // IAM answers the URL without its scheme.
        return xmlText('Url', row.urlKey) + membersXml('ClientIDList', row.clientIds) + membersXml('ThumbprintList', row.thumbprints)
          + xmlText('CreateDate', xmlTime(row.createdAt)) + tagsXml(row.tags);
      },
    },
    ListOpenIDConnectProviders: {
      auth: 'sigv4',
      async handle(_params, ctx) {
        const rows = await listOidcProviders(ctx.services);
        return xmlNode('OpenIDConnectProviderList', rows.map((r) => xmlNode('member', xmlText('Arn', r.arn))).join(''));
      },
    },
    DeleteOpenIDConnectProvider: {
      auth: 'sigv4',
      async handle(params, ctx) {
        await deleteOidcProvider(ctx.services, required(params, 'OpenIDConnectProviderArn'));
        return undefined;
      },
    },
  },
};
