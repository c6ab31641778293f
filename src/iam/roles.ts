/**
 * IAM roles as Alcove keeps them: names, paths and ARNs (`arn:aws:iam::<account>:role/<path><name>`),
 * unique ids, and the checks IAM makes of them. Pure helpers plus the loads the STS side needs.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Repos } from '../storage/store.ts';
import { iamErrors } from './errors.ts';
import { parsePolicy, type PolicyDocument } from './policy/index.ts';
import type { RoleRow } from './store.ts';

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH = /^\/([\x21-\x7E]{0,510}\/)?$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7E]*\/)?)([\w+=,.@-]{1,64})$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const DEFAULT_MAX_SESSION_DURATION = 3600;

export const roleNameKey = (name: string): string => name.toLowerCase();
export const roleArnOf = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:role${path}${name}`;
export const isRoleName = (name: string): boolean => ROLE_NAME.test(name);
export const isRolePath = (path: string): boolean => ROLE_PATH.test(path) && !path.includes('//');

/** The parts of a role ARN, or undefined when it is not one. */
export function parseRoleArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  return m ? { accountId: m[1]!, path: m[2]!, name: m[3]! } : undefined;
}

function randomBase32(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[randomInt(BASE32.length)];
  return out;
}

/** IAM's role ids: `AROA` and 17 characters. */
export const newRoleId = (): string => `AROA${randomBase32(17)}`;

/** A stable role id for a role Alcove does not know (`iam.trustUnknownRoles`), from its ARN. */
export function pseudoRoleId(arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let out = 'AROA';
  for (let i = 0; i < 17; i++) out += BASE32[digest[i]! % 32];
  return out;
}

/** The role a role ARN names, when Alcove has it under that very ARN. */
export async function findRole(repos: Repos, arn: string): Promise<RoleRow | undefined> {
  const parts = parseRoleArn(arn);
  if (!parts) return undefined;
  const role = await repos.roles.get(roleNameKey(parts.name));
  return role && role.arn === arn ? role : undefined;
}

/** The role's inline permission policies, parsed (stored ones were checked when put). */
export async function permissionPolicies(repos: Repos, roleNameKeyValue: string): Promise<PolicyDocument[]> {
  const rows = await repos.roles.policies(roleNameKeyValue);
  return rows.map((r) => parsePolicy(r.document));
}

/** IAM's ValidationError for a value outside a member's constraints. */
export const invalidMember = (value: string, member: string, constraint: string) =>
  iamErrors.validation(`1 validation error detected: Value '${value.slice(0, 256)}' at '${member}' failed to satisfy constraint: ${constraint}`);
