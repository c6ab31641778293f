/**
 * Groups and memberships (`groups`, `group_members`): implements userPools/groups/store.ts.
 */
import { sql } from 'kysely';
import type { GroupRepo, GroupRow } from '../../userPools/groups/store.ts';
import type { Database } from './schema.ts';
import { Precompiled, decodeCursor, locked, pageOf, uniquely, type Db } from './shared.ts';
import { toUser } from './users.ts';

type GroupDb = Database['groups'];
const toGroup = (r: GroupDb): GroupRow => ({
  poolId: r.pool_id,
  name: r.name,
  description: r.description,
  precedence: r.precedence === null ? null : Number(r.precedence),
  roleArn: r.role_arn,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** A user's groups, read by every token issue (their `cognito:groups` claims): compiled once. */
const groupsOfUser = new Precompiled<GroupDb>(1, (db, userId) => db.selectFrom('group_members')
  .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'group_members.pool_id').onRef('groups.name', '=', 'group_members.group_name'))
  .selectAll('groups').where('group_members.user_id', '=', userId!).orderBy('groups.name'));
/**
 * Whether the user is in any group. SQLite runs the join above in ~14 µs even when the user has
 * no membership (most users), this lookup on the membership index in ~2 µs: on SQLite the join
 * runs only for a user it finds. PostgreSQL keeps the one statement (one round trip).
 */
const memberOfAny = new Precompiled<{ user_id: string }>(1, (db, userId) => db.selectFrom('group_members')
  .select('user_id').where('user_id', '=', userId!).limit(sql.lit(1)));

export function groupRepo(db: Db, postgres: boolean): GroupRepo {
  return {
    async insert(g) {
      await uniquely('group', () => db.insertInto('groups').values({
        pool_id: g.poolId, name: g.name, description: g.description, precedence: g.precedence, role_arn: g.roleArn,
        created_at: g.createdAt, updated_at: g.updatedAt,
      }).execute());
    },
    async get(poolId, name, lock) {
      const r = await locked(db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).where('name', '=', name), postgres, lock)
        .executeTakeFirst();
      return r && toGroup(r);
    },
    async update(g) {
      await db.updateTable('groups')
        .set({ description: g.description, precedence: g.precedence, role_arn: g.roleArn, updated_at: g.updatedAt })
        .where('pool_id', '=', g.poolId).where('name', '=', g.name).execute();
    },
    async delete(poolId, name) {
      // The group row first: it is what a concurrent AdminAddUserToGroup locks (and then finds gone).
      await db.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).execute();
      await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', name).execute();
    },
    async list(poolId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit + 1);
      if (cursor) q = q.where('name', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toGroup, (r) => [r.name]);
    },
    async addMember(poolId, name, userId) {
      await db.insertInto('group_members').values({ pool_id: poolId, group_name: name, user_id: userId })
        .onConflict((oc) => oc.columns(['pool_id', 'group_name', 'user_id']).doNothing()).execute();
    },
    async removeMember(poolId, name, userId) {
      await db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', name).where('user_id', '=', userId).execute();
    },
    async groupsOf(userId) {
      if (!postgres && (await memberOfAny.rows(db, postgres, [userId])).length === 0) return [];
      return (await groupsOfUser.rows(db, postgres, [userId])).map(toGroup);
    },
    async listGroupsOf(userId, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('group_members')
        .innerJoin('groups', (j) => j.onRef('groups.pool_id', '=', 'group_members.pool_id').onRef('groups.name', '=', 'group_members.group_name'))
        .selectAll('groups').where('group_members.user_id', '=', userId).orderBy('group_members.group_name').limit(limit + 1);
      if (cursor) q = q.where('group_members.group_name', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toGroup, (r) => [r.name]);
    },
    async listMembers(poolId, name, { limit, after }) {
      const cursor = decodeCursor(after);
      let q = db.selectFrom('group_members').innerJoin('users', 'users.id', 'group_members.user_id')
        .selectAll('users').where('group_members.pool_id', '=', poolId).where('group_members.group_name', '=', name)
        .orderBy('group_members.user_id').limit(limit + 1);
      if (cursor) q = q.where('group_members.user_id', '>', cursor[0]!);
      return pageOf(await q.execute(), limit, toUser, (r) => [r.id]);
    },
  };
}
