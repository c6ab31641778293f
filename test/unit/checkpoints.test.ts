/**
 * The SQLite checkpointer (storage/sql/checkpoints.ts) against a real database file: a round
 * copies the WAL into the database file, a WAL past the threshold gets a held round, and a
 * worker that cannot work hands checkpoints back to the serving connection.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { Checkpointer } from '../../src/storage/sql/checkpoints.ts';

const until = async (check: () => boolean, ms = 5_000): Promise<boolean> => {
  for (let waited = 0; waited < ms; waited += 20) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
};

describe('Checkpointer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alcove-checkpoints-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A WAL database with autocheckpoints off and a count of its commits. */
  function database(name: string) {
    const file = path.join(dir, name);
    const db = new Sqlite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table t (id integer primary key, v text)');
    let commits = 1;
    const insert = db.prepare('insert into t (v) values (?)');
    const write = (rows: number) => { for (let i = 0; i < rows; i++) { insert.run('x'.repeat(3000)); commits++; } };
    const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log;
    return { file, db, write, commits: () => commits, walFrames };
  }

  /** Whether the database file alone, without its WAL (what checkpoints copied), holds `rows` rows of t. */
  function inFileAlone(file: string, rows: number): boolean {
    const copy = path.join(dir, 'copy.sqlite');
    copyFileSync(file, copy);
    try {
      const probe = new Sqlite(copy, { readonly: true });
      try {
        return (probe.prepare("select count(*) as n from sqlite_master where name = 't'").get() as { n: number }).n === 1
          && (probe.prepare('select count(*) as n from t').get() as { n: number }).n === rows;
      } finally {
        probe.close();
      }
    } catch {
      return false; // copied in the middle of a round: look again
    } finally {
      rmSync(copy, { force: true });
    }
  }

  it('copies the writes into the database file from its own thread, and closes', async () => {
    const d = database('rounds.sqlite');
    const checkpointer = new Checkpointer({
      file: d.file, changes: d.commits, intervalMs: 20, startFrames: 32,
      hold: async (fn) => fn(), fallback: () => assert.fail('the worker failed'),
    });
    d.write(50);
    assert.ok(await until(() => inFileAlone(d.file, 50)));
    await checkpointer.close();
    d.db.close();
  });

  it('starts no worker while the WAL is short of startFrames (a node that writes a little has no extra thread)', async () => {
    const d = database('short.sqlite');
    const checkpointer = new Checkpointer({
      file: d.file, changes: d.commits, intervalMs: 20, startFrames: 1000,
      hold: async (fn) => fn(), fallback: () => assert.fail('the worker failed'),
    });
    d.write(50);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(inFileAlone(d.file, 50), false);
    d.write(1000);
    assert.ok(await until(() => inFileAlone(d.file, 1050)));
    await checkpointer.close();
    d.db.close();
  });

  it('holds the serving connection for a round once the WAL is past the threshold, so the WAL starts over', async () => {
    const d = database('held.sqlite');
    let holding = false;
    let framesAfterHold: number | undefined;
    const checkpointer = new Checkpointer({
      file: d.file, changes: d.commits, intervalMs: 20, holdFrames: 64, startFrames: 0,
      // As Kysely's single connection: no write while a round holds it.
      hold: async (fn) => {
        holding = true;
        await fn();
        holding = false;
        // The first write after a held round starts the WAL over.
        d.write(1);
        framesAfterHold ??= d.walFrames();
      },
      fallback: () => assert.fail('the worker failed'),
    });
    // Writes go on between rounds, as under a steady load.
    const writing = setInterval(() => { if (!holding) d.write(5); }, 2);
    try {
      assert.ok(await until(() => framesAfterHold !== undefined), 'no round held the connection');
    } finally {
      clearInterval(writing);
    }
    await checkpointer.close();
    assert.ok(framesAfterHold! < 64, `the WAL did not start over: ${framesAfterHold} frames`);
    d.db.close();
  });

  it('hands checkpoints back to the serving connection when the worker cannot open the database', async () => {
    let fellBack = false;
    let commits = 0;
    const checkpointer = new Checkpointer({
      file: path.join(dir, 'missing', 'nothing.sqlite'), changes: () => ++commits, intervalMs: 20, startFrames: 0,
      hold: async (fn) => fn(), fallback: () => { fellBack = true; },
    });
    assert.ok(await until(() => fellBack), 'the fallback was not called');
    await checkpointer.close();
  });
});
