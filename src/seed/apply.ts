/**
 * The config file as desired state for what it names, applied at every start and by
 * `alcove apply`: missing pools, app clients, groups and users are created; the settings the
 * file names for existing ones are set (merged over their Describe* result and sent through the
 * Update* handlers, so every rule of the API applies); nothing the file does not name is
 * touched, and nothing is deleted. Each change is reported as one line; a dry run (`--plan`)
 * reports the same lines without writing. Secrets and passwords of existing clients and users
 * change only when the file says so (`replaceSecret`, `resetPassword`).
 */
import { timingSafeEqual } from 'node:crypto';
import type {
  AdminCreateUserRequest, AdminListGroupsForUserResponse, CreateUserPoolClientRequest, CreateUserPoolClientResponse, CreateUserPoolRequest,
  CreateUserPoolResponse, DescribeUserPoolClientResponse, DescribeUserPoolResponse, GetGroupResponse, UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SeedPool, SeedRole } from '../config.ts';
import { ensureRole } from './roles.ts';
import { isCognitoError } from '../errors.ts';
import { validateInput } from '../protocol/validate.ts';
import type { ClientRow } from '../userPools/clients/store.ts';
import type { PoolRow } from '../userPools/pools/store.ts';
import type { Store } from '../storage/store.ts';
import { buildClientConfig } from '../userPools/clients/client-config.ts';
import { secretContext } from '../userPools/clients/client-view.ts';
import { sealedColumn } from '../userPools/sealed/columns.ts';
import type { Services } from '../kernel/context.ts';
import { newUserPoolId } from '../kernel/ids.ts';
import { requirePool } from '../userPools/pools/load.ts';
import { buildPoolConfig, PoolView } from '../userPools/pools/pool-config.ts';
import { checkAttributeWrites } from '../userPools/users/directory/attributes.ts';
import { checkPasswordPolicy, passwordMatches, readCredentials } from '../userPools/users/credentials.ts';
import { findUser } from '../userPools/users/directory/lookup.ts';
import { seedCaller, type Call } from './calls.ts';
import { describeChange, sameValue } from './diff.ts';
import { planClient, planPool } from './desired.ts';
import { createClientWithId, createPoolWithId } from './fixed-ids.ts';

type SeedClient = SeedPool['clients'][number];
type SeedGroup = SeedPool['groups'][number];
type SeedUser = SeedPool['users'][number];

const PAGE = 60;

/** One line of the report: a change made (or, in a dry run, to be made), or a note about something left as it is. */
interface ConfigLine {
  kind: 'change' | 'note';
  /** The config entry: `pool "app"`, `pool "app" client "web"`, … */
  subject: string;
  text: string;
}

export const formatLine = (line: ConfigLine): string => `${line.subject}: ${line.text}`;

interface ApplyOptions {
  /** The file's IAM roles (`iam.roles`). */
  roles?: SeedRole[];
  /** Report what would change, write nothing. */
  dryRun?: boolean;
  /** Receives each line as it happens (the start logs them). */
  onLine?: (line: ConfigLine) => void;
}

interface Run {
  services: Services;
  call: Call;
  dryRun: boolean;
  lines: ConfigLine[];
  report(kind: ConfigLine['kind'], subject: string, text: string): void;
}

export async function applyConfig(pools: SeedPool[], services: Services, options: ApplyOptions = {}): Promise<ConfigLine[]> {
  if (options.dryRun) return pass(pools, services, options);
  return withApplyLease(services, async () => {
    // A dry run first, so that a file that breaks a rule is refused before anything is written.
    await pass(pools, services, { dryRun: true, ...(options.roles ? { roles: options.roles } : {}) });
    return pass(pools, services, options);
  });
}

/**
 * One applier at a time across nodes and `alcove apply`: nodes starting together on one database
 * would otherwise each find a client missing and each create it (client names are not unique).
 * The lease is a windowed counter taken in one statement (the first hit of a window holds it);
 * it is given back at the end, and lapses by itself if its holder dies.
 */
const APPLY_LEASE = { key: 'lease:config-apply', ms: 60_000, waitMs: 120_000 };

async function withApplyLease<T>(services: Services, apply: () => Promise<T>): Promise<T> {
  const { store, clock } = services;
  const giveUp = Date.now() + APPLY_LEASE.waitMs;
  while ((await store.counters.hit(APPLY_LEASE.key, APPLY_LEASE.ms, clock.now())) !== 1) {
    if (Date.now() > giveUp) throw new Error('config: another node has been applying the file for too long');
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
  }
  try {
    return await apply();
  } finally {
    await store.counters.reset(APPLY_LEASE.key);
  }
}

async function pass(pools: SeedPool[], services: Services, options: ApplyOptions): Promise<ConfigLine[]> {
  const lines: ConfigLine[] = [];
  const run: Run = {
    services,
    call: seedCaller(services),
    dryRun: options.dryRun ?? false,
    lines,
    report(kind, subject, text) {
      const line = { kind, subject, text };
      lines.push(line);
      options.onLine?.(line);
    },
  };
  for (const seed of pools) {
    const subject = `pool "${seed.name}"`;
    const pool = await step(subject, () => ensurePool(run, subject, seed));
    const groups = new Set(seed.groups.map((g) => g.name));
    for (const client of seed.clients) {
      const what = `${subject} client "${client.name}"`;
      await step(what, () => ensureClient(run, what, pool, client));
    }
    for (const group of seed.groups) {
      const what = `${subject} group "${group.name}"`;
      await step(what, () => ensureGroup(run, what, pool, group));
    }
    for (const user of seed.users) {
      const what = `${subject} user "${user.username}"`;
      await step(what, () => ensureUser(run, what, pool, user, groups));
    }
  }
  for (const role of options.roles ?? []) {
    const what = `role "${role.name}"`;
    await step(what, () => ensureRole(services, role, run.dryRun, (kind, text) => run.report(kind, what, text)));
  }
  return lines;
}

/** Applies the file at start, logging one line per change. */
export async function applySeed(pools: SeedPool[], services: Services, roles: SeedRole[] = []): Promise<void> {
  const { log } = services;
  const options: ApplyOptions = {
    roles,
    onLine: (line) => (line.kind === 'change' ? log.info(`config: ${formatLine(line)}`) : log.warn(`config: ${formatLine(line)}`)),
  };
  await applyConfig(pools, services, options);
}

/** Names the config entry in any failure, so that a bad file says where it is bad. */
async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const reason = isCognitoError(e) ? `${e.type}: ${e.message}` : e instanceof Error ? e.message : String(e);
    throw new Error(`config ${what}: ${reason}`, { cause: e });
  }
}

async function findPoolByName(store: Store, name: string): Promise<PoolRow | undefined> {
  let after: string | undefined;
  do {
    const page = await store.pools.list({ limit: PAGE, ...(after ? { after } : {}) });
    const found = page.items.find((p) => p.name === name);
    if (found) return found;
    after = page.next;
  } while (after);
  return undefined;
}

async function findClientByName(store: Store, poolId: string, name: string): Promise<ClientRow | undefined> {
  let after: string | undefined;
  do {
    const page = await store.clients.list(poolId, { limit: PAGE, ...(after ? { after } : {}) });
    const found = page.items.find((c) => c.name === name);
    if (found) return found;
    after = page.next;
  } while (after);
  return undefined;
}

/**
 * The pool, created or brought to the file's settings. A dry run goes on with the pool as it
 * would be (a new one under a fresh id that holds nothing), so that its clients, groups and
 * users are checked against it.
 */
async function ensurePool(run: Run, subject: string, seed: SeedPool): Promise<PoolView> {
  const { services, call } = run;
  const { store } = services;
  const existing = seed.id ? await store.pools.get(seed.id) : await findPoolByName(store, seed.name);
  if (!existing) {
    const input = { ...seed.settings, PoolName: seed.name } as CreateUserPoolRequest;
    if (run.dryRun) {
      validateInput('cognito-idp', 'CreateUserPool', input); // the creation's own checks
      const config = buildPoolConfig(input);
      run.report('change', subject, `create${seed.id ? ` with id ${seed.id}` : ''}`);
      // A fresh id, as CreateUserPool would give: it names nothing in the database yet.
      const id = seed.id ?? newUserPoolId(services.settings.region);
      return new PoolView({ id, name: seed.name, config, userCount: 0, createdAt: 0, updatedAt: 0 });
    }
    const id = seed.id
      ? (await createPoolWithId(services, seed.id, input)).id
      : (await call<CreateUserPoolResponse>('CreateUserPool', { ...input })).UserPool!.Id!;
    run.report('change', subject, `created with id ${id}`);
    return requirePool(store, id);
  }

  const { UserPool: current } = await call<DescribeUserPoolResponse>('DescribeUserPool', { UserPoolId: existing.id });
  const plan = planPool(current!, seed.settings);
  const renamed = existing.name !== seed.name;
  if (renamed) run.report('change', subject, `PoolName: ${JSON.stringify(existing.name)} → ${JSON.stringify(seed.name)}`);
  for (const change of plan.changes) run.report('change', subject, describeChange(change));
  for (const attribute of plan.newCustomAttributes) run.report('change', subject, `add custom attribute ${attribute.Name}`);
  if (!run.dryRun) {
    if (plan.newCustomAttributes.length > 0) {
      await call('AddCustomAttributes', { UserPoolId: existing.id, CustomAttributes: plan.newCustomAttributes });
    }
    if (renamed || plan.changes.length > 0) {
      await call('UpdateUserPool', { ...plan.update, UserPoolId: existing.id, ...(renamed ? { PoolName: seed.name } : {}) });
    }
  }
  return run.dryRun ? new PoolView({ ...existing, config: { ...existing.config, ...plan.config } }) : requirePool(store, existing.id);
}

async function ensureClient(run: Run, subject: string, pool: PoolView, seed: SeedClient): Promise<void> {
  const { services, call } = run;
  const { store } = services;
  const existing = seed.id ? await store.clients.get(seed.id) : await findClientByName(store, pool.id, seed.name);
  if (existing && existing.poolId !== pool.id) throw new Error(`client id ${existing.id} already belongs to pool ${existing.poolId}`);
  if (!existing) {
    const input = {
      ...seed.settings,
      UserPoolId: pool.id,
      ClientName: seed.name,
      ...(seed.secret !== undefined ? { ClientSecret: seed.secret } : {}),
      ...(seed.generateSecret ? { GenerateSecret: true } : {}),
    } as CreateUserPoolClientRequest;
    if (run.dryRun) {
      validateInput('cognito-idp', 'CreateUserPoolClient', input); // the creation's own checks
      const { UserPoolId: _pool, ClientName: _name, GenerateSecret: _generate, ClientSecret: _secret, ...settings } = input;
      buildClientConfig(settings, pool, 'creating');
      run.report('change', subject, `create${seed.id ? ` with id ${seed.id}` : ''}`);
      return;
    }
    const id = seed.id
      ? (await createClientWithId(services, pool, seed.id, input)).id
      : (await call<CreateUserPoolClientResponse>('CreateUserPoolClient', { ...input })).UserPoolClient!.ClientId!;
    run.report('change', subject, `created with id ${id}`);
    return;
  }

  const { UserPoolClient: current } = await call<DescribeUserPoolClientResponse>('DescribeUserPoolClient', {
    UserPoolId: pool.id, ClientId: existing.id,
  });
  const plan = planClient(current!, seed.settings, pool);
  const renamed = existing.name !== seed.name;
  if (renamed) run.report('change', subject, `ClientName: ${JSON.stringify(existing.name)} → ${JSON.stringify(seed.name)}`);
  for (const change of plan.changes) run.report('change', subject, describeChange(change));
  if (!run.dryRun && (renamed || plan.changes.length > 0)) {
    await call('UpdateUserPoolClient', { ...plan.update, UserPoolId: pool.id, ClientId: existing.id, ClientName: seed.name });
  }
  await ensureClientSecret(run, subject, existing, current!, seed);
}

/** A client's secret is set at creation; the file replaces it only with `replaceSecret: true`. */
async function ensureClientSecret(run: Run, subject: string, row: ClientRow, current: UserPoolClientType, seed: SeedClient): Promise<void> {
  if (seed.secret === undefined) {
    if (seed.generateSecret && current.ClientSecret === undefined) {
      run.report('note', subject, 'generateSecret applies when a client is created; this client has no secret and keeps none');
    }
    return;
  }
  if (current.ClientSecret === undefined || row.secretEnc === null) {
    run.report('note', subject, 'the file gives a secret, but this client was created without one; a secret cannot be added to an existing client');
    return;
  }
  const stored = Buffer.from(current.ClientSecret);
  const wanted = Buffer.from(seed.secret);
  if (stored.length === wanted.length && timingSafeEqual(stored, wanted)) return;
  if (!seed.replaceSecret) {
    run.report('note', subject, 'the stored secret differs from the file\'s and is kept (replaceSecret: true replaces it)');
    return;
  }
  run.report('change', subject, 'secret replaced');
  if (run.dryRun) return;
  const { vault, store } = run.services;
  const replaced = await store.sealed.replace(sealedColumn('client_secret'), row.id, row.secretEnc, vault.seal(seed.secret, secretContext(row.id)));
  if (!replaced) throw new Error('the client\'s secret changed while the config was being applied; apply again');
}

async function ensureGroup(run: Run, subject: string, pool: PoolView, seed: SeedGroup): Promise<void> {
  const named = {
    ...(seed.description !== undefined ? { Description: seed.description } : {}),
    ...(seed.precedence !== undefined ? { Precedence: seed.precedence } : {}),
    ...(seed.roleArn !== undefined ? { RoleArn: seed.roleArn } : {}),
  };
  if (!(await run.services.store.groups.get(pool.id, seed.name))) {
    run.report('change', subject, 'create');
    if (!run.dryRun) await run.call('CreateGroup', { UserPoolId: pool.id, GroupName: seed.name, ...named });
    return;
  }
  const { Group: current } = await run.call<GetGroupResponse>('GetGroup', { UserPoolId: pool.id, GroupName: seed.name });
  const changed = Object.entries(named).filter(([key, value]) => !sameValue((current as Record<string, unknown>)[key], value));
  for (const [key, value] of changed) {
    run.report('change', subject, describeChange({ path: key, before: (current as Record<string, unknown>)[key], after: value }));
  }
  // UpdateGroup changes only the members it is sent.
  if (!run.dryRun && changed.length > 0) {
    await run.call('UpdateGroup', { UserPoolId: pool.id, GroupName: seed.name, ...Object.fromEntries(changed) });
  }
}

const statusOf = (seed: SeedUser) => (seed.password === undefined ? 'FORCE_CHANGE_PASSWORD' : seed.status);

/**
 * A new user is created whole or not at all: attributes, password policy and groups are checked
 * before anything is written (AdminCreateUser checks the given password as its temporary one).
 * With a password the user gets it as given: permanent when CONFIRMED, temporary when
 * FORCE_CHANGE_PASSWORD. Without one the user is invited as AdminCreateUser does (a generated
 * temporary password by email, or by SMS when there is only a phone). An existing user's named
 * attributes are set when they differ; the password only with `resetPassword: true`.
 */
async function ensureUser(run: Run, subject: string, pool: PoolView, seed: SeedUser, fileGroups: Set<string>): Promise<void> {
  const { services, call } = run;
  const { store } = services;
  for (const group of seed.groups) {
    if (!fileGroups.has(group) && !(await store.groups.get(pool.id, group))) throw new Error(`group "${group}" does not exist`);
  }
  const user = await findUser(store, pool, seed.username);
  if (!user) {
    // AdminCreateUser's own checks, before anything is written.
    checkAttributeWrites(pool, { ...seed.attributes }, { admin: true });
    if (seed.password !== undefined) checkPasswordPolicy(pool, seed.password);
    run.report('change', subject, seed.password === undefined ? 'invite (no password given)' : `create (${statusOf(seed)})`);
    for (const group of seed.groups) run.report('change', subject, `add to group "${group}"`);
    if (run.dryRun) return;
    const attributes = Object.entries(seed.attributes).map(([Name, Value]) => ({ Name, Value }));
    const invitationMedium = seed.attributes.email ? 'EMAIL' : seed.attributes.phone_number ? 'SMS' : undefined;
    const input: AdminCreateUserRequest = {
      UserPoolId: pool.id,
      Username: seed.username,
      UserAttributes: attributes,
      ...(seed.password !== undefined
        ? { TemporaryPassword: seed.password, MessageAction: 'SUPPRESS' }
        : invitationMedium ? { DesiredDeliveryMediums: [invitationMedium] } : { MessageAction: 'SUPPRESS' }),
    };
    await call('AdminCreateUser', { ...input });
    if (seed.password !== undefined && seed.status === 'CONFIRMED') {
      await call('AdminSetUserPassword', { UserPoolId: pool.id, Username: seed.username, Password: seed.password, Permanent: true });
    }
    for (const group of seed.groups) await call('AdminAddUserToGroup', { UserPoolId: pool.id, Username: seed.username, GroupName: group });
    return;
  }

  // Attributes the file names and the user holds otherwise (others are left as they are).
  const changed = Object.entries(seed.attributes).filter(([name, value]) => user.attributes[name] !== value);
  if (changed.length > 0) checkAttributeWrites(pool, Object.fromEntries(changed), { admin: true, existing: user.attributes });
  for (const [name, value] of changed) {
    run.report('change', subject, describeChange({ path: `attribute ${name}`, before: user.attributes[name], after: value }));
  }
  if (!run.dryRun && changed.length > 0) {
    // A changed email or phone number is sent with its *_verified flag when the file names one.
    const flags = changed.flatMap(([name]) => (name === 'email' || name === 'phone_number') && seed.attributes[`${name}_verified`] !== undefined
      ? [[`${name}_verified`, seed.attributes[`${name}_verified`]!] as const] : []);
    const attributes = new Map<string, string>([...changed, ...flags]);
    await call('AdminUpdateUserAttributes', {
      UserPoolId: pool.id, Username: seed.username, UserAttributes: [...attributes].map(([Name, Value]) => ({ Name, Value })),
    });
  }

  if (seed.password !== undefined) {
    const record = readCredentials(services, user);
    const samePassword = record !== undefined && passwordMatches(pool, user, record, seed.password);
    const sameStatus = user.status === seed.status;
    // A user the file made CONFIRMED whose seeding stopped between its two steps: finish it.
    const unfinished = samePassword && user.status === 'FORCE_CHANGE_PASSWORD' && seed.status === 'CONFIRMED';
    if ((seed.resetPassword && !(samePassword && sameStatus)) || unfinished) {
      checkPasswordPolicy(pool, seed.password);
      run.report('change', subject, `password set (${seed.status})`);
      if (!run.dryRun) {
        await call('AdminSetUserPassword', {
          UserPoolId: pool.id, Username: seed.username, Password: seed.password, Permanent: seed.status === 'CONFIRMED',
        });
      }
    }
  }

  if (seed.groups.length > 0) {
    const member = new Set<string | undefined>();
    let next: string | undefined;
    do {
      const page = await call<AdminListGroupsForUserResponse>('AdminListGroupsForUser', {
        UserPoolId: pool.id, Username: seed.username, Limit: PAGE, ...(next ? { NextToken: next } : {}),
      });
      for (const g of page.Groups ?? []) member.add(g.GroupName);
      next = page.NextToken;
    } while (next);
    for (const group of seed.groups.filter((g) => !member.has(g))) {
      run.report('change', subject, `add to group "${group}"`);
      if (!run.dryRun) await call('AdminAddUserToGroup', { UserPoolId: pool.id, Username: seed.username, GroupName: group });
    }
  }
}
