/**
 * The config file's IAM roles (`iam.roles`) as desired state: a missing role is created (by
 * CreateRole's own checks); an existing one gets the file's trust policy, description, maximum
 * session duration and inline policies when they differ. Nothing is deleted: inline policies the
 * file does not name are kept, and a role's path, part of its ARN, cannot change (a note says so).
 */
import type { SeedRole } from '../config.ts';
import { createRole, putRolePolicy } from '../iam/role-operations.ts';
import { parsePolicy } from '../iam/policy/index.ts';
import { roleNameKey } from '../iam/roles.ts';
import type { Services } from '../kernel/context.ts';

const text = (doc: string | Record<string, unknown>): string => (typeof doc === 'string' ? doc : JSON.stringify(doc));
/** Two policy texts say the same when their JSON does (whitespace and key order aside). */
function same(a: string, b: string): boolean {
  try {
    const canon = (v: unknown): unknown => Array.isArray(v) ? v.map(canon)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, canon(x)])) : v;
    return JSON.stringify(canon(JSON.parse(a))) === JSON.stringify(canon(JSON.parse(b)));
  } catch {
    return a === b;
  }
}

export async function ensureRole(
  services: Services, seed: SeedRole, dryRun: boolean, report: (kind: 'change' | 'note', text: string) => void,
): Promise<void> {
  const trust = text(seed.trustPolicy);
  parsePolicy(trust, 'trust');
  const policies = Object.entries(seed.policies).map(([name, doc]) => [name, text(doc)] as const);
  for (const [, doc] of policies) parsePolicy(doc);
  const existing = await services.store.roles.get(roleNameKey(seed.name));
  if (!existing) {
    report('change', `create (path ${seed.path}, ${policies.length} inline polic${policies.length === 1 ? 'y' : 'ies'})`);
    if (dryRun) return;
    await createRole(services, {
      roleName: seed.name, assumeRolePolicyDocument: trust, path: seed.path, description: seed.description, maxSessionDuration: seed.maxSessionDuration,
    });
    for (const [name, doc] of policies) await putRolePolicy(services, seed.name, name, doc);
    return;
  }
  if (existing.path !== seed.path) report('note', `path ${existing.path} kept: a role's path is part of its ARN and cannot change (the file says ${seed.path})`);
  const changed: string[] = [];
  if (!same(existing.trustPolicy, trust)) changed.push('trust policy');
  if (existing.description !== seed.description) changed.push('description');
  if (existing.maxSessionDuration !== seed.maxSessionDuration) changed.push(`maxSessionDuration ${existing.maxSessionDuration} -> ${seed.maxSessionDuration}`);
  for (const c of changed) report('change', c);
  if (!dryRun && changed.length > 0) {
    await services.store.roles.updateSettings(existing.nameKey, { trustPolicy: trust, description: seed.description, maxSessionDuration: seed.maxSessionDuration });
  }
  for (const [name, doc] of policies) {
    const stored = await services.store.roles.getPolicy(existing.nameKey, name);
    if (stored && same(stored.document, doc)) continue;
    report('change', `${stored ? 'update' : 'add'} inline policy "${name}"`);
    if (!dryRun) await putRolePolicy(services, existing.name, name, doc);
  }
}
