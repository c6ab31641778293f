/**
 * The PostgreSQL driver's named statements (storage/sql/dialect.ts), on a database of their own
 * when ALCOVE_TEST_DATABASE_URL is set (skipped otherwise): each statement's row parsers are
 * reused from its previous execution only while its row description is the same, a
 * statement whose table changed under it is prepared afresh after failing once, and a
 * transaction's first statement (written together with its BEGIN) runs inside the transaction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { isStalePlan, openPostgres } from '../../src/storage/sql/dialect.ts';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../helpers/server.ts';

const url = testDatabaseUrl();

describe('PostgreSQL named statements', { skip: url ? false : 'PostgreSQL only (ALCOVE_TEST_DATABASE_URL)' }, () => {
  let database: TestDatabase;
  let db: Kysely<any>;
  before(async () => {
    database = await createTestDatabase(url!);
    db = openPostgres(database.url, { poolSize: 1 }) as Kysely<any>;
    await sql`create table t (id text primary key, n bigint not null, doc text not null)`.execute(db);
    await sql`insert into t values ('a', 9007199254740991, '{"x":1}'), ('b', 2, '{}')`.execute(db);
  });
  after(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const byId = (id: string) => db.selectFrom('t').selectAll().where('id', '=', id).execute();

  it('parses every execution\'s rows as the first (bigint as a number, text as it is)', async () => {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(await byId('a'), [{ id: 'a', n: 9007199254740991, doc: '{"x":1}' }]);
      assert.deepEqual(await byId('b'), [{ id: 'b', n: 2, doc: '{}' }]);
      assert.deepEqual(await byId('none'), []);
    }
  });

  it('a statement whose columns changed fails once as a stale plan, then reads the new shape', async () => {
    await byId('a');
    await sql`alter table t add column extra integer not null default 7`.execute(db);
    const e = await byId('a').then(() => undefined, (err: unknown) => err);
    assert.ok(isStalePlan(e), `expected a stale plan, got ${String(e)}`);
    assert.deepEqual(await byId('a'), [{ id: 'a', n: 9007199254740991, doc: '{"x":1}', extra: 7 }]);
    // A column's type changed: the texts are prepared afresh and parsed by the new row description.
    await sql`alter table t alter column extra type bigint`.execute(db);
    await byId('a').catch((err: unknown) => { if (!isStalePlan(err)) throw err; });
    assert.deepEqual(await byId('b'), [{ id: 'b', n: 2, doc: '{}', extra: 7 }]);
  });

  it('the same statement on another connection reads the same rows', async () => {
    const other: Kysely<any> = openPostgres(database.url, { poolSize: 1 });
    try {
      assert.deepEqual(await other.selectFrom('t').select(['id', 'n']).where('id', '=', 'a').execute(), [{ id: 'a', n: 9007199254740991 }]);
      assert.deepEqual(await db.selectFrom('t').select(['id', 'n']).where('id', '=', 'a').execute(), [{ id: 'a', n: 9007199254740991 }]);
    } finally {
      await other.destroy();
    }
  });

  it('a transaction\'s first statement is inside it: undone by a rollback, its row lock held until the end', async () => {
    await db.transaction().execute(async (trx) => {
      await sql`insert into t (id, n, doc) values ('c', 3, '{}')`.execute(trx);
      await trx.insertInto('t').values({ id: 'd', n: 4, doc: '{}' }).execute();
      throw new Error('undo');
    }).catch((e: Error) => assert.equal(e.message, 'undo'));
    assert.deepEqual(await db.selectFrom('t').select('id').where('id', 'in', ['c', 'd']).execute(), []);

    const other: Kysely<any> = openPostgres(database.url, { poolSize: 1 });
    try {
      const order: string[] = [];
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => { locked = resolve; });
      const first = db.transaction().execute(async (trx) => {
        await trx.selectFrom('t').select('id').where('id', '=', 'b').forUpdate().execute();
        locked();
        await new Promise((r) => setTimeout(r, 300));
        order.push('first commits');
      });
      await holding;
      await other.updateTable('t').set({ n: 5 }).where('id', '=', 'b').execute();
      order.push('other updated');
      await first;
      assert.deepEqual(order, ['first commits', 'other updated']);
    } finally {
      await other.destroy();
    }
  });
});

