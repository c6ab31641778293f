/** The nesting-depth scan that runs before JSON.parse: it agrees with the parsed value's depth. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { maxInputDepth, nestsDeeperThan } from '../../src/server/json-depth.ts';

const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object'
    ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf))
    : 0;

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('agrees with the depth of any JSON value, strings full of brackets and escapes included', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 14 }), (value, max) => {
      const text = JSON.stringify(value);
      assert.equal(nestsDeeperThan(bytes(text), max), depthOf(value) > max);
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', 'é') }), (s) => {
      assert.equal(nestsDeeperThan(bytes(JSON.stringify({ s })), 1), false);
    }));
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(10), (b, max) => { nestsDeeperThan(b, max); }));
  });

  it('scans 100,000 levels in linear time', () => {
    const deep = bytes(`{"J":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    assert.equal(nestsDeeperThan(deep, 4), true);
  });
});

describe('maxInputDepth', () => {
  it('is the deepest nesting of the operation input in the model', () => {
    assert.equal(maxInputDepth('cognito-idp', 'InitiateAuth'), 2); // {AuthParameters: {..}}
    assert.equal(maxInputDepth('cognito-idp', 'SignUp'), 3); // {UserAttributes: [{..}]}
    assert.ok(maxInputDepth('cognito-idp', 'CreateUserPool') >= 4);
    assert.equal(maxInputDepth('cognito-idp', 'NoSuchOperation'), 1);
  });
});
