/**
 * The IAM role operations Alcove serves (CreateRole, GetRole, DeleteRole, PutRolePolicy,
 * GetRolePolicy, DeleteRolePolicy, ListRoles): IAM's checks, errors and messages, over the
 * roles store. The aws-query surface reads their parameters and writes IAM's XML.
 *
 * DeleteRole holds the role's row (FOR UPDATE) while it looks for inline policies, and
 * PutRolePolicy holds it shared while it writes one, so a policy is never left on a deleted
 * role and a role with policies is never deleted (DeleteConflict).
 */
import type { Services } from '../kernel/context.ts';
import { UniqueViolation } from '../storage/store.ts';
import { iamErrors } from './errors.ts';
import { parsePolicy } from './policy/index.ts';
import { invalidMember, isRoleName, isRolePath, newRoleId, roleArnOf, roleNameKey, DEFAULT_MAX_SESSION_DURATION } from './roles.ts';
import type { RoleRow, RolePolicyRow } from './store.ts';

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const MAX_POLICY_CHARS = 131072;

export interface CreateRoleInput {
  roleName: string;
  assumeRolePolicyDocument: string;
  path?: string | undefined;
  description?: string | undefined;
  maxSessionDuration?: number | undefined;
  tags?: { Key: string; Value: string }[] | undefined;
}

const noSuchRole = (name: string) => iamErrors.noSuchEntity(`The role with name ${name} cannot be found.`);

function checkRoleName(name: string): void {
  if (!isRoleName(name)) invalidOrThrow(name, 'roleName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
}
function invalidOrThrow(value: string, member: string, constraint: string): never {
  throw invalidMember(value, member, constraint);
}

/** A policy document's text: within IAM's size and grammar, else MalformedPolicyDocument. */
function checkDocument(text: string, kind: 'identity' | 'trust'): void {
  if (text.length === 0 || text.length > MAX_POLICY_CHARS) {
    throw iamErrors.malformedPolicyDocument('The policy document is empty or too large.');
  }
  parsePolicy(text, kind);
}

export async function createRole(services: Services, input: CreateRoleInput): Promise<RoleRow> {
  checkRoleName(input.roleName);
  const path = input.path ?? '/';
  if (!isRolePath(path)) invalidOrThrow(path, 'path', 'Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
  const duration = input.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION;
  if (!Number.isInteger(duration) || duration < 3600 || duration > 43200) {
    throw iamErrors.validation(`The requested MaxSessionDuration ${duration} must be between 3600 and 43200 seconds.`);
  }
  if (input.description !== undefined && input.description.length > 1000) {
    invalidOrThrow(input.description, 'description', 'Member must have length less than or equal to 1000');
  }
  const tags = input.tags ?? [];
  if (tags.length > 50) throw iamErrors.limitExceeded('The number of tags has reached the maximum limit.');
  checkDocument(input.assumeRolePolicyDocument, 'trust');
  const role: RoleRow = {
    nameKey: roleNameKey(input.roleName), name: input.roleName, path, roleId: newRoleId(),
    arn: roleArnOf(services.settings.accountId, path, input.roleName), trustPolicy: input.assumeRolePolicyDocument,
    description: input.description, maxSessionDuration: duration, tags, createdAt: services.clock.now(),
  };
  try {
    await services.store.roles.insert(role);
  } catch (e) {
    if (e instanceof UniqueViolation) throw iamErrors.entityAlreadyExists(`Role with name ${input.roleName} already exists.`);
    throw e;
  }
  return role;
}

export async function getRole(services: Services, roleName: string): Promise<RoleRow> {
  checkRoleName(roleName);
  const role = await services.store.roles.get(roleNameKey(roleName));
  if (!role) throw noSuchRole(roleName);
  return role;
}

export async function deleteRole(services: Services, roleName: string): Promise<void> {
  checkRoleName(roleName);
  await services.store.transaction(async (tx) => {
    const role = await tx.roles.get(roleNameKey(roleName), 'update');
    if (!role) throw noSuchRole(roleName);
    if ((await tx.roles.policies(role.nameKey)).length > 0) {
      throw iamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
    }
    await tx.roles.delete(role.nameKey);
  });
}

export async function putRolePolicy(services: Services, roleName: string, policyName: string, document: string): Promise<void> {
  checkRoleName(roleName);
  if (!POLICY_NAME.test(policyName)) invalidOrThrow(policyName, 'policyName', 'Member must satisfy regular expression pattern: [\\w+=,.@-]+');
  checkDocument(document, 'identity');
  await services.store.transaction(async (tx) => {
    const role = await tx.roles.get(roleNameKey(roleName), 'share');
    if (!role) throw noSuchRole(roleName);
    await tx.roles.putPolicy({ roleNameKey: role.nameKey, policyName, document });
  });
}

export async function getRolePolicy(services: Services, roleName: string, policyName: string): Promise<RolePolicyRow & { roleName: string }> {
  const role = await getRole(services, roleName);
  const policy = await services.store.roles.getPolicy(role.nameKey, policyName);
  if (!policy) throw iamErrors.noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  return { ...policy, roleName: role.name };
}

export async function deleteRolePolicy(services: Services, roleName: string, policyName: string): Promise<void> {
  const role = await getRole(services, roleName);
  if (!(await services.store.roles.deletePolicy(role.nameKey, policyName))) {
    throw iamErrors.noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
  }
}

export async function listRoles(
  services: Services, pathPrefix: string | undefined, marker: string | undefined, maxItems: number | undefined,
): Promise<{ roles: RoleRow[]; marker?: string }> {
  const limit = maxItems ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    invalidOrThrow(String(maxItems), 'maxItems', 'Member must have value less than or equal to 1000');
  }
  try {
    const page = await services.store.roles.list(pathPrefix ?? '/', { limit, ...(marker ? { after: marker } : {}) });
    return { roles: page.items, ...(page.next ? { marker: page.next } : {}) };
  } catch (e) {
    if (e instanceof Error && e.name === 'InvalidCursor') throw iamErrors.invalidInput('Invalid Marker.');
    throw e;
  }
}
