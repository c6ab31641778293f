/**
 * The storage port of groups and memberships, implemented in storage/sql/groups.ts. Types only,
 * no SQL: see docs/architecture.md, Storage.
 */
import type { Page, PageRequest, RowLock } from '../../storage/store.ts';
import type { UserRow } from '../users/store.ts';

export interface GroupRow {
  poolId: string;
  name: string;
  description: string | null;
  precedence: number | null;
  roleArn: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface GroupRepo {
  insert(group: GroupRow): Promise<void>;
  get(poolId: string, name: string, lock?: RowLock): Promise<GroupRow | undefined>;
  update(group: GroupRow): Promise<void>;
  delete(poolId: string, name: string): Promise<void>;
  list(poolId: string, page: PageRequest): Promise<Page<GroupRow>>;
  /** Adds the membership unless it exists (concurrent adds both succeed). */
  addMember(poolId: string, name: string, userId: string): Promise<void>;
  removeMember(poolId: string, name: string, userId: string): Promise<void>;
  /** The user's groups, all of them (Cognito caps groups per user at 100). */
  groupsOf(userId: string): Promise<GroupRow[]>;
  listGroupsOf(userId: string, page: PageRequest): Promise<Page<GroupRow>>;
  listMembers(poolId: string, name: string, page: PageRequest): Promise<Page<UserRow>>;
}
