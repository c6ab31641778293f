/**
 * toAttributeList (the wire form of a user's attributes) lists `sub` first and the others in
 * their stored order, keeping only those asked for: the same list as the stable sort it
 * replaced, for any attributes and any selection.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { toAttributeList } from '../../src/userPools/users/directory/attributes.ts';

function bySort(attributes: Record<string, string>, only?: ReadonlySet<string>) {
  const names = Object.keys(attributes).filter((n) => !only || only.has(n));
  names.sort((a, b) => Number(b === 'sub') - Number(a === 'sub'));
  return names.map((Name) => ({ Name, Value: attributes[Name]! }));
}

const name = fc.oneof(fc.constantFrom('sub', 'email', 'email_verified', 'name', '0', '12', '__proto__', 'custom:x'), fc.string({ maxLength: 8 }));

test('sub first, then the stored order, only the names asked for', () => {
  fc.assert(fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 6 })), { maxLength: 8 }), fc.option(fc.array(name, { maxLength: 5 })), (pairs, only) => {
    // As the row's JSON.parse builds the stored attributes (a `__proto__` name an own member).
    const attributes = JSON.parse(JSON.stringify(Object.fromEntries(pairs))) as Record<string, string>;
    const selection = only ? new Set(only) : undefined;
    assert.deepEqual(toAttributeList(attributes, selection), bySort(attributes, selection));
  }), { numRuns: 1_000 });
});

test('a user as GetUser shows it', () => {
  assert.deepEqual(toAttributeList({ email: 'a@example.com', email_verified: 'true', sub: 's-1' }), [
    { Name: 'sub', Value: 's-1' }, { Name: 'email', Value: 'a@example.com' }, { Name: 'email_verified', Value: 'true' },
  ]);
  assert.deepEqual(toAttributeList({ email: 'a@example.com', sub: 's-1' }, new Set(['email'])), [{ Name: 'email', Value: 'a@example.com' }]);
});
