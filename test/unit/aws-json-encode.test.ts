/**
 * The aws-json answer encoder writes the same bytes as JSON.stringify with the replacer it
 * replaced (Dates as epoch seconds with millisecond fractions, null members dropped).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { encode } from '../../src/server/surfaces/aws-json.ts';

function withReplacer(value: unknown): string {
  return JSON.stringify(value ?? {}, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return raw.getTime() / 1000;
    return v === null ? undefined : v;
  });
}

const leaf = fc.oneof(
  fc.string(), fc.integer(), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.date({ min: new Date(0), max: new Date(4_102_444_800_000), noInvalidDate: true }),
);
const wire = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '1', '__proto__x', 'UserCreateDate')), tie('value'), { maxKeys: 6 }),
})).object;

test('the same bytes as the replacer for any answer-shaped value', () => {
  fc.assert(fc.property(wire, (value) => {
    assert.equal(encode(value), withReplacer(value));
  }), { numRuns: 2_000 });
});

test('a user page: dates in seconds with milliseconds, nulls dropped, null array items kept', () => {
  const value = {
    Users: [{ Username: 'a', UserCreateDate: new Date(1_700_000_000_123), Enabled: true, MFAOptions: null, Attributes: [{ Name: 'email', Value: 'a@example.com' }] }],
    PaginationToken: undefined,
    List: [null, 1],
  };
  assert.equal(encode(value), '{"Users":[{"Username":"a","UserCreateDate":1700000000.123,"Enabled":true,"Attributes":[{"Name":"email","Value":"a@example.com"}]}],"List":[null,1]}');
  assert.equal(encode(undefined), '{}');
});
