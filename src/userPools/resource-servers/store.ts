/**
 * The storage port of resource servers (implemented in storage/sql/resource-servers.ts): a pool's
 * OAuth 2.0 resource servers, keyed by (pool, identifier), each with its custom scopes.
 */
import type { ResourceServerScopeType } from '@aws-sdk/client-cognito-identity-provider';
import type { Page, PageRequest } from '../../storage/store.ts';

export interface ResourceServerRow {
  poolId: string;
  identifier: string;
  name: string;
  scopes: ResourceServerScopeType[];
  createdAt: number;
  updatedAt: number;
}

export interface ResourceServerRepo {
  /** Throws UniqueViolation('resource_server') when the pool has this identifier already. */
  insert(row: ResourceServerRow): Promise<void>;
  get(poolId: string, identifier: string): Promise<ResourceServerRow | undefined>;
  /** Sets name and scopes; false when there is no such resource server. */
  update(row: ResourceServerRow): Promise<boolean>;
  delete(poolId: string, identifier: string): Promise<boolean>;
  list(poolId: string, page: PageRequest): Promise<Page<ResourceServerRow>>;
  count(poolId: string): Promise<number>;
  /** Every resource server of the pool (at most the pool's limit of them). */
  all(poolId: string): Promise<ResourceServerRow[]>;
}
