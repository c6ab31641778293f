/**
 * Resource servers' rules and shape: at most 25 per pool (Cognito's quota), scopes unique by name
 * within a server (at most 100, the model's bound), and a custom scope is named
 * `<identifier>/<scopeName>` in app clients and access tokens.
 */
import type { ResourceServerScopeType, ResourceServerType } from '@aws-sdk/client-cognito-identity-provider';
import { errors } from '../../errors.ts';
import type { Repos } from '../../storage/store.ts';
import type { ResourceServerRow } from './store.ts';

export const MAX_RESOURCE_SERVERS = 25;

export function checkScopes(scopes: ResourceServerScopeType[] | undefined): ResourceServerScopeType[] {
  const list = scopes ?? [];
  const names = new Set<string>();
  for (const scope of list) {
    // Validation has checked that every scope has its (required) name and description.
    const name = scope.ScopeName ?? '';
    if (names.has(name)) throw errors.invalidParameter(`Duplicate scope name ${name} in resource server.`);
    names.add(name);
  }
  return list.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription }));
}

export const describeResourceServer = (row: ResourceServerRow): ResourceServerType => ({
  UserPoolId: row.poolId, Identifier: row.identifier, Name: row.name, Scopes: row.scopes,
});

export const resourceServerNotFound = (identifier: string) => errors.resourceNotFound(`Resource server ${identifier} does not exist.`);

/** The pool's custom scopes, as `<identifier>/<scopeName>`. */
export async function customScopes(repos: Repos, poolId: string): Promise<Set<string>> {
  const servers = await repos.resourceServers.all(poolId);
  return new Set(servers.flatMap((s) => s.scopes.map((scope) => `${s.identifier}/${scope.ScopeName}`)));
}
