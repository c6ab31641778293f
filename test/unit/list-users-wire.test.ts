/**
 * ListUsers' page in wire form (toWireUsers, protocol/wire-ready.ts) encodes to the same bytes
 * as the page of `toUserType` objects the encoder copies, for any users, any AttributesToGet and
 * any timestamps; a page outside the wire form's assumptions falls back to those objects.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encode } from '../../src/server/surfaces/aws-json.ts';
import { epochSeconds, isWireReady } from '../../src/protocol/wire-ready.ts';
import { toUserType, toWireUsers } from '../../src/userPools/users/directory/user-type.ts';

const name = fc.oneof(fc.constantFrom('sub', 'email', 'email_verified', 'name', '0', '12', '__proto__', 'custom:x', 'toJSON'), fc.string({ maxLength: 8 }));
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('"', '\\', '\u2028', '\ud800', 'é'));
const ms = fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer(), fc.double(), fc.constantFrom(-0, 8.64e15, 8.64e15 + 1, -8.64e15, Number.NaN, 1_700_000_000_123));
const user = fc.record({
  username: text,
  status: fc.oneof(fc.constantFrom('CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD'), text),
  enabled: fc.boolean(),
  // As the row's JSON.parse builds the stored attributes (a `__proto__` name an own member).
  attributes: fc.array(fc.tuple(name, text), { maxLength: 6 }).map((pairs) => JSON.parse(JSON.stringify(Object.fromEntries(pairs))) as Record<string, string>),
  createdAt: ms,
  updatedAt: ms,
});

test('the same bytes as toUserType through the encoder, for any page and selection', () => {
  fc.assert(fc.property(fc.array(user, { maxLength: 5 }), fc.option(fc.array(name, { maxLength: 4 })), fc.option(text), (users, only, token) => {
    const selection = only ? new Set(only) : undefined;
    const next = token === null ? {} : { PaginationToken: token };
    const expected = encode({ Users: users.map((u) => toUserType(u, selection)), ...next });
    assert.equal(encode({ Users: toWireUsers(users, selection), ...next }), expected);
  }), { numRuns: 3_000 });
});

test('epoch seconds as the encoder writes a Date', () => {
  fc.assert(fc.property(ms, (t) => {
    assert.equal(JSON.stringify(epochSeconds(t)), JSON.stringify(new Date(t).getTime() / 1000));
  }), { numRuns: 2_000 });
});

test('a page with a value outside the wire form falls back to toUserType', () => {
  const odd = { username: 'a', status: 'CONFIRMED', enabled: true, attributes: { sub: 's', email: null as unknown as string }, createdAt: 1, updatedAt: 2 };
  const page = toWireUsers([odd]);
  assert.equal(isWireReady(page), false);
  assert.equal(encode({ Users: page }), encode({ Users: [toUserType(odd)] }));
  assert.equal(encode({ Users: page }), '{"Users":[{"Username":"a","Attributes":[{"Name":"sub","Value":"s"},{"Name":"email"}],"UserCreateDate":0.001,"UserLastModifiedDate":0.002,"Enabled":true,"UserStatus":"CONFIRMED"}]}');
  assert.equal(isWireReady(toWireUsers([{ ...odd, attributes: { sub: 's' } }])), true);
});
