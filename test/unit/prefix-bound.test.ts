import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prefixUpperBound } from '../../src/storage/sql/shared.ts';

/** UTF-8 byte order: how key columns compare on SQLite and on PostgreSQL (`collate "C"`). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const text = fc.string({ unit: 'grapheme', maxLength: 6 });
const mixed = fc.string({ unit: fc.constantFrom('a', 'z', '\u00ff', '\uffff', '\u{10000}', '😀', '\u{10FFFF}', '\ud7ff', '\ue000'), maxLength: 5 });

describe('prefixUpperBound', () => {
  it('bounds exactly the strings that start with the prefix', () => {
    fc.assert(fc.property(fc.oneof(text, mixed), fc.oneof(text, mixed), (prefix, other) => {
      const bound = prefixUpperBound(prefix);
      const inRange = (s: string) => byteOrder(s, prefix) >= 0 && (bound === undefined || byteOrder(s, bound) < 0);
      assert.ok(inRange(prefix + other), `${JSON.stringify(prefix + other)} is in the range of ${JSON.stringify(prefix)}`);
      assert.equal(inRange(other), other.startsWith(prefix), `${JSON.stringify(other)} against ${JSON.stringify(prefix)}`);
    }), { numRuns: 2000 });
  });

  it('has no bound for an empty prefix or one of U+10FFFF only', () => {
    assert.equal(prefixUpperBound(''), undefined);
    assert.equal(prefixUpperBound('\u{10FFFF}\u{10FFFF}'), undefined);
    assert.equal(prefixUpperBound('a\u{10FFFF}'), 'b');
    assert.equal(prefixUpperBound('a\ud7ff'), 'a\ue000');
  });
});
