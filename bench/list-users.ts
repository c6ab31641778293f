/**
 * ListUsers' storage and mapping in process, on a SQLite file of a bulk-loaded pool:
 * `node --import tsx bench/list-users.ts <file.sqlite> <poolId> [--root DIR]`. Runs pages of 60
 * by `username ^= "u<hex digit>"` through the repository's `list` and the answer's mapping and
 * encoding, this checkout's code and, with `--root`, another checkout's (its `src/`), alternately;
 * prints the CPU time per page of each, and SQLite's query plan of the query it runs.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { root: { type: 'string' }, pages: { type: 'string' } } });
const [file, poolId] = positionals as [string, string];
const pages = Number(values.pages ?? 2000);
const here = path.resolve(import.meta.dirname, '..');

interface Side { name: string; page: (prefix: string) => Promise<string> }
async function side(name: string, root: string, db: Kysely<any>): Promise<Side> {
  const { userRepo } = await import(path.join(root, 'src/storage/sql/users.ts'));
  // toWireUsers (the page in the encoder's wire form) where the checkout has it, as ListUsers runs it.
  const { toUserType, toWireUsers } = await import(path.join(root, 'src/userPools/users/directory/user-type.ts'));
  const { encode } = await import(path.join(root, 'src/server/surfaces/aws-json.ts'));
  const repo = userRepo(db, false);
  return {
    name,
    async page(prefix) {
      const page = await repo.list(poolId, { attr: 'username', op: 'prefix', value: prefix }, { limit: 60 });
      const users = toWireUsers ? toWireUsers(page.items) : page.items.map((u: unknown) => toUserType(u as never));
      return encode({ Users: users, ...(page.next ? { PaginationToken: page.next } : {}) });
    },
  };
}

const sqlite = new Sqlite(file, { readonly: true });
// Statements prepared once per SQL text, as the server's SQLite store does (storage/sql/dialect.ts).
const statements = new Map<string, Sqlite.Statement>();
const database = {
  close: () => sqlite.close(),
  prepare(text: string) {
    let statement = statements.get(text);
    if (!statement) statements.set(text, statement = sqlite.prepare(text));
    return statement;
  },
};
const db = new Kysely<any>({ dialect: new SqliteDialect({ database: database as never }) });
const sides = [await side('this checkout', here, db)];
if (values.root) sides.unshift(await side(values.root, path.resolve(values.root), db));
const HEX = '0123456789abcdef';
for (const s of sides) {
  const a = await s.page('u0');
  if (sides.some((o) => o !== s) && a !== await sides.find((o) => o !== s)!.page('u0')) console.log('the two sides answer differently');
}
const cpuUs = (): number => { const u = process.cpuUsage(); return u.user + u.system; };
const figures = new Map<string, number[]>(sides.map((s) => [s.name, []]));
for (let round = 0; round < 5; round++) {
  for (const s of sides) {
    const t0 = cpuUs();
    let bytes = 0;
    for (let i = 0; i < pages; i++) bytes += (await s.page(`u${HEX[i % 16]}`)).length;
    if (round > 0) figures.get(s.name)!.push((cpuUs() - t0) / pages);
    if (bytes === 0) throw new Error('empty pages');
  }
}
for (const [name, xs] of figures) console.log(`${name}: ${xs.map((x) => x.toFixed(0)).join(' / ')} µs a page of 60`);
await db.destroy();
