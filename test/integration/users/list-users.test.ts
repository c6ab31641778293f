import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand, AdminDisableUserCommand, AdminSetUserPasswordCommand, CreateUserPoolCommand, ListUsersCommand,
  type ListUsersCommandInput, type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { errorOf, startTestServer, type TestServer } from '../../helpers/server.ts';

let server: TestServer;
let poolId: string;

const PEOPLE = [
  { username: 'alice', email: 'alice@example.com', family: 'Reddy' },
  { username: 'alfred', email: 'Alfred@Example.org', family: 'Reddy' },
  { username: 'bob', email: 'bob@example.com', family: 'Stone' },
  { username: 'Bobby', email: 'bobby@sample.net', family: 'Stone' },
  { username: 'carol', email: 'carol@example.com', family: 'Diaz' },
];

before(async () => {
  server = await startTestServer();
  poolId = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'list-users' }))).UserPool!.Id!;
  for (const p of PEOPLE) {
    await server.client.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: p.username, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: p.email }, { Name: 'family_name', Value: p.family }],
    }));
  }
  await server.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'carol', Password: 'Carol-Pass1', Permanent: true }));
  await server.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
});
after(async () => { await server.stop(); });

const list = (input: Partial<ListUsersCommandInput> = {}) => server.client.send(new ListUsersCommand({ UserPoolId: poolId, ...input }));
const names = (users: UserType[] | undefined) => (users ?? []).map((u) => u.Username);

describe('ListUsers', () => {
  it('lists every user with Attributes, dates, Enabled and UserStatus', async () => {
    const out = await list();
    assert.deepEqual(new Set(names(out.Users)), new Set(PEOPLE.map((p) => p.username)));
    assert.equal(out.PaginationToken, undefined);
    const alice = out.Users!.find((u) => u.Username === 'alice')!;
    assert.equal(alice.Enabled, true);
    assert.equal(alice.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.ok(alice.UserCreateDate instanceof Date);
    assert.ok(alice.UserLastModifiedDate instanceof Date);
    assert.ok(alice.Attributes!.some((a) => a.Name === 'sub'));
    assert.ok(alice.Attributes!.some((a) => a.Name === 'email' && a.Value === 'alice@example.com'));
    assert.equal((alice as Record<string, unknown>).UserAttributes, undefined);
  });

  it('filters by email, = and ^=, without regard to case, sorted by the value', async () => {
    assert.deepEqual(names((await list({ Filter: 'email = "alice@example.com"' })).Users), ['alice']);
    assert.deepEqual(names((await list({ Filter: 'email = "ALFRED@example.org"' })).Users), ['alfred']);
    assert.deepEqual(names((await list({ Filter: 'email ^= "bob"' })).Users), ['bob', 'Bobby']);
    assert.deepEqual(names((await list({ Filter: 'email^="AL"' })).Users), ['alfred', 'alice']);
    assert.deepEqual(names((await list({ Filter: 'email = "nobody@example.com"' })).Users), []);
  });

  it('filters by username (case-sensitive), family_name, status and cognito:user_status', async () => {
    assert.deepEqual(names((await list({ Filter: 'username = "alice"' })).Users), ['alice']);
    assert.deepEqual(names((await list({ Filter: 'username ^= "Bob"' })).Users), ['Bobby']);
    assert.deepEqual(names((await list({ Filter: 'username = "ALICE"' })).Users), []);
    assert.deepEqual(new Set(names((await list({ Filter: 'family_name = "Reddy"' })).Users)), new Set(['alice', 'alfred']));
    assert.deepEqual(names((await list({ Filter: 'status = "Disabled"' })).Users), ['bob']);
    assert.equal((await list({ Filter: 'status = "Enabled"' })).Users!.length, 4);
    assert.deepEqual(names((await list({ Filter: 'cognito:user_status = "CONFIRMED"' })).Users), ['carol']);
    assert.deepEqual(names((await list({ Filter: 'cognito:user_status = "confirmed"' })).Users), ['carol']);
  });

  it('returns only AttributesToGet', async () => {
    const out = await list({ Filter: 'username = "alice"', AttributesToGet: ['email'] });
    assert.deepEqual(out.Users![0]!.Attributes, [{ Name: 'email', Value: 'alice@example.com' }]);
  });

  it('refuses malformed filters, unsearchable attributes and foreign pagination tokens', async () => {
    const bad = await errorOf(() => list({ Filter: 'email == "x"' }));
    assert.equal(bad.name, 'InvalidParameterException');
    assert.equal(bad.message, 'Error while parsing filter.');
    const custom = await errorOf(() => list({ Filter: 'custom:tier = "gold"' }));
    assert.equal(custom.name, 'InvalidParameterException');
    assert.equal(custom.message, 'Invalid search attribute: custom:tier');
    const token = await errorOf(() => list({ PaginationToken: 'not-a-token' }));
    assert.equal(token.name, 'InvalidParameterException');
    const missing = await errorOf(() => server.client.send(new ListUsersCommand({ UserPoolId: 'us-east-1_nosuchpool' })));
    assert.equal(missing.name, 'ResourceNotFoundException');
  });

  it('pages through more than 60 users, 60 at most per page, filtered or not', async () => {
    const big = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'list-users-big' }))).UserPool!.Id!;
    const total = 75;
    for (let i = 0; i < total; i++) {
      await server.client.send(new AdminCreateUserCommand({
        UserPoolId: big, Username: `user${String(i).padStart(3, '0')}`, MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `u${i}@${i % 2 ? 'odd' : 'even'}.example` }],
      }));
    }
    const collect = async (input: Partial<ListUsersCommandInput>) => {
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const out = await server.client.send(new ListUsersCommand({ UserPoolId: big, ...input, ...(token ? { PaginationToken: token } : {}) }));
        pages.push(names(out.Users) as string[]);
        token = out.PaginationToken;
      } while (token);
      return pages;
    };
    const pages = await collect({});
    assert.deepEqual(pages.map((p) => p.length), [60, 15]);
    assert.equal(new Set(pages.flat()).size, total);

    const small = await collect({ Limit: 20 });
    assert.deepEqual(small.map((p) => p.length), [20, 20, 20, 15]);
    assert.deepEqual(small.flat(), pages.flat());

    const filtered = await collect({ Filter: 'username ^= "user0"', Limit: 30 });
    assert.deepEqual(filtered.map((p) => p.length), [30, 30, 15]);
    const odd = (await collect({ Filter: 'email ^= "u1"', Limit: 5 })).flat();
    // u1, u10..u19: 11 users, each once.
    assert.equal(odd.length, 11);
    assert.equal(new Set(odd).size, 11);
  });
});

describe('ListUsers prefix filters beyond the Basic Multilingual Plane', () => {
  it('finds values whose next character is beyond U+FFFF, in byte order', async () => {
    const pool = (await server.client.send(new CreateUserPoolCommand({ PoolName: 'astral' }))).UserPool!.Id!;
    for (const [username, name] of [['emoji', 'ab😀'], ['latin', 'abz'], ['after', 'ac'], ['max', 'ab\u{10FFFF}x']]) {
      await server.client.send(new AdminCreateUserCommand({
        UserPoolId: pool, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: name! }],
      }));
    }
    const found = await server.client.send(new ListUsersCommand({ UserPoolId: pool, Filter: 'name ^= "ab"' }));
    assert.deepEqual(names(found.Users), ['latin', 'emoji', 'max']);
    const astral = await server.client.send(new ListUsersCommand({ UserPoolId: pool, Filter: 'name ^= "ab😀"' }));
    assert.deepEqual(names(astral.Users), ['emoji']);
  });
});
